"""Internal links in staff-written rich text that lead nowhere (or to a draft).

Every `RichTextField` of every model is scanned; links to this site (relative, or absolute
on one of its host names) are requested as an anonymous visitor through Django's own
request handler, so a page that exists but is not published is reported like a missing one.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.signals import request_finished
from django.db import close_old_connections
from django.http.request import split_domain_port, validate_host
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from backoffice.admin_tools import admin_change_url
from core.richtext import RichTextField

# Redirects followed before giving up (a loop is reported as an error).
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class BrokenLink:
    source: str  # « Actualité « Rentrée 2025 » »
    field: str  # the field's label, « texte »
    admin_url: str  # where staff fix it ("" when the model has no admin)
    href: str  # the link as written
    reason: str  # why it is broken, in French


@dataclass
class LinkReport:
    checked: int = 0  # internal links examined (each occurrence)
    broken: list[BrokenLink] = field(default_factory=list)


class _LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href.strip())


def links_in(html):
    """The `href` of every link in an HTML fragment, in order."""
    collector = _LinkCollector()
    collector.feed(html or "")
    collector.close()
    return collector.hrefs


def rich_text_fields():
    """[(model, [RichTextField, …]), …] for every installed model that has rich text."""
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.get_fields() if isinstance(f, RichTextField)]
        if fields:
            found.append((model, fields))
    return found


def internal_path(href, site_hosts):
    """The path (with query) of a link to this site, or None for other sites and anchors."""
    parts = urlsplit(href)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None  # mailto:, tel:…
    if parts.netloc:
        host, _port = split_domain_port(parts.netloc.lower())
        if not validate_host(host, site_hosts):
            return None
    if not parts.path and not parts.query:
        return None  # "#section" on the same page
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    return path + (f"?{parts.query}" if parts.query else "")


class LinkChecker:
    """Requests internal paths as an anonymous visitor, once per path."""

    def __init__(self, host):
        self.client = Client(HTTP_HOST=host, raise_request_exception=False)
        self._problems = {}

    def problem(self, path):
        """Why `path` fails for a visitor, in French, or None when it works."""
        if path not in self._problems:
            self._problems[path] = self._check(path)
        return self._problems[path]

    def _check(self, path):
        bare_path = unquote(path.split("?", 1)[0])
        media_url = settings.MEDIA_URL
        if media_url.startswith("/") and bare_path.startswith(media_url):
            if default_storage.exists(bare_path.removeprefix(media_url)):
                return None
            return _("fichier introuvable")
        response = self.client.get(path, follow=True, secure=True)
        if response.streaming:
            _close_without_ending_the_request(response)
        if len(response.redirect_chain) > MAX_REDIRECTS:
            return _("trop de redirections")
        if response.status_code < 400:
            return None
        if response.status_code == 404:
            final_path = response.request["PATH_INFO"]
            try:
                resolve(final_path)
            except Resolver404:
                return _("adresse inconnue sur le site")
            return _("page introuvable ou non publiée (brouillon ou programmée)")
        return _("erreur %(status)d à l'ouverture") % {"status": response.status_code}


def _close_without_ending_the_request(response):
    """Release a streamed file (a document download) without closing the database
    connection: `close()` fires `request_finished`, which the current request still needs
    (Django's test client guards its own calls the same way)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def default_host():
    """A host name the site answers to, for checks run outside a request."""
    for host in settings.ALLOWED_HOSTS:
        if host != "*":
            return host.lstrip(".")
    return "localhost"


def find_broken_links(host=None):
    """Scan every rich-text field of every record for internal links that fail."""
    host = host or default_host()
    site_hosts = [*settings.ALLOWED_HOSTS, split_domain_port(host)[0]]
    checker = LinkChecker(host)
    report = LinkReport()
    for model, fields in rich_text_fields():
        model_label = capfirst(model._meta.verbose_name)
        for obj in model._base_manager.order_by("pk").iterator():
            for rich_field in fields:
                for href in links_in(getattr(obj, rich_field.attname)):
                    path = internal_path(href, site_hosts)
                    if path is None:
                        continue
                    report.checked += 1
                    reason = checker.problem(path)
                    if reason:
                        report.broken.append(
                            BrokenLink(
                                source=f"{model_label} « {obj} »",
                                field=str(rich_field.verbose_name),
                                admin_url=admin_change_url(obj),
                                href=href,
                                reason=reason,
                            )
                        )
    return report
