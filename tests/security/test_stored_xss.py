"""Stored scripts: every text field of every content model, filled with a hostile value that
its own validation accepts, never reaches a public page as active markup.

Fields come from the registry (`content_model_labels()`: every model of every content app,
so a kind added later is covered), records from the site's initial content plus each app's
demo generator, pages from the navigation, each kind's public records and the links found
on them: nothing is listed by hand.
"""

from collections import deque
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client

from core.registry import content_kinds, content_model_labels, demo_generators, is_content_model
from pages.navigation import FOOTER, NAVIGATION, build_navigation
from tests.html import links, parse_html
from tests.security.conftest import read_through
from tests.security.markup import active_markup
from tests.security.payloads import PAYLOADS

pytestmark = pytest.mark.django_db

MAX_PAGES = 60
SKIPPED_SUFFIXES = (".xml", ".ics", ".pdf", ".txt", ".svg", ".png", ".jpg", ".webp")


def text_fields(model):
    """The fields a person types text into: free text and links (not slugs, not choices)."""
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if field.primary_key or field.choices or not field.editable:
            continue
        if isinstance(field, models.SlugField | models.EmailField):
            continue
        yield field


def hostile_value(field, payload, record):
    value = payload.url if isinstance(field, models.URLField) else payload.text
    if field.unique:
        value = f"{value} {record.pk}"
    if field.max_length:
        value = value[: field.max_length]
    return value


def fill_with(payload):
    """Write the payload into every text field of every content record, as far as the
    model's own validation accepts it (what the admin would accept): returns the fields that
    took it, as "app.model.field"."""
    filled = set()
    for label in sorted(content_model_labels()):
        model = apps.get_model(label)
        if not is_content_model(model):
            continue
        fields = list(text_fields(model))
        if not fields:
            continue
        # Stored files are not what is tested here (tests/security/test_uploads.py).
        files = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for record in model._default_manager.all():
            original = {field.attname: getattr(record, field.attname) for field in fields}
            for field in fields:
                setattr(record, field.attname, hostile_value(field, payload, record))
            try:
                record.full_clean(exclude=files)
            except ValidationError as error:
                for name in getattr(error, "error_dict", {}):
                    if name in original:
                        setattr(record, name, original[name])
            record.save()
            filled.update(
                f"{label}.{field.name}"
                for field in fields
                if getattr(record, field.attname) != original[field.attname]
            )
    return filled


def start_urls():
    urls = []
    for link in build_navigation(None, NAVIGATION + FOOTER):
        urls += [link.url] if link.url else []
        urls += [child.url for child in link.children if child.url]
    for kind in content_kinds():
        for record in kind.public_queryset()[:3]:
            urls.append(record.get_absolute_url())
    return [url.split("#")[0] for url in urls]


def crawl(client, urls, extra=()):
    """(url, html) of every public HTML page reachable from `urls`, up to MAX_PAGES."""
    admin_prefix = "/" + settings.ADMIN_PATH
    queue, seen, pages = deque([*urls, *extra]), set(), []
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or url.startswith((admin_prefix, settings.MEDIA_URL, "/static/")):
            continue
        seen.add(url)
        response = client.get(url)
        read_through(response)
        if not response["Content-Type"].startswith("text/html") or response.status_code != 200:
            continue
        html = response.content.decode()
        pages.append((url, html))
        for anchor in _links(html):
            parts = urlsplit(anchor)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.endswith(SKIPPED_SUFFIXES) or parts.path.startswith("/documents/"):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def _links(html):
    return links(parse_html(html))


@pytest.fixture
def content_everywhere(site_content):
    """The initial content and a few records of every kind that has a demo generator."""
    for generate in demo_generators().values():
        generate(3)


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda payload: payload.name)
def test_no_stored_payload_becomes_active_markup_on_any_public_page(content_everywhere, payload):
    filled = fill_with(payload)
    # The test means something only if the payload went in widely, public fields included.
    assert {"news.newsitem.title", "news.newsitem.body", "core.siteidentity.ufr_name"} <= filled

    pages = crawl(Client(), start_urls(), extra=[f"/recherche/?q={payload.marker}"])
    assert len(pages) >= 15
    shown = [url for url, html in pages if payload.marker in html]
    assert shown, "la valeur piégée n'apparaît sur aucune page : le test ne prouverait rien"
    findings = {url: active_markup(html) for url, html in pages}
    assert {url: found for url, found in findings.items() if found} == {}


@pytest.mark.parametrize(
    "html",
    [
        '<p><script>alert("xss1")</script></p>',
        '<img src=x onerror=alert("xss2")>',
        "<a href=\" java\tscript:alert('xss3')\">lien</a>",
        '<svg onload=alert("xss4")></svg>',
        '<input value="xss5" autofocus onfocus="alert(\'xss5\')">',
        '<iframe src="https://exemple.fr"></iframe>',
        '<script src="/static/js/site.js">alert(1)</script>',
    ],
)
def test_the_checker_finds_each_kind_of_active_markup(html):
    assert active_markup(html)


def test_the_checker_lets_the_site_own_scripts_and_data_through():
    html = (
        '<script src="/static/js/site.js" defer></script>'
        '<script type="application/ld+json">{"name": "\\u003Cscript\\u003E"}</script>'
        '<a href="/actualites/">Actualités</a><img src="/media/a.jpg" alt="">'
    )
    assert active_markup(html) == []
