"""An English page runs as many SQL queries as its French twin, rendered in full and from
the stored pieces (tests/contract/test_public_page_costs.py
holds each page's cost constant as the content grows)."""

import io

import pytest
from django.core.management import call_command
from django.urls import translate_url
from django.utils import translation

from news.models import NewsItem
from tests.contract.test_public_page_costs import costs, public_urls

pytestmark = pytest.mark.django_db


def english(url):
    path, _, query = url.partition("?")
    translated = translate_url(path, "en")
    if translated == path:  # a missing page: the same missing page under /en/
        translated = "/en" + path
    return f"{translated}?{query}" if query else translated


@pytest.fixture
def small_site(site_content, settings):
    settings.PAGE_CACHE_SECONDS = 0
    call_command(
        "generate_demo_content", news=25, alumni=30, documents=55, sections=3, stdout=io.StringIO()
    )


@pytest.mark.parametrize("url", [*public_urls(), "news detail"])
def test_an_english_page_costs_what_its_french_twin_costs(client, settings, small_site, url):
    if url == "news detail":
        item = NewsItem.objects.published().in_language("en").order_by("-published_at").first()
        url = item.get_absolute_url()
        with translation.override("en"):
            english_url = item.get_absolute_url()
    else:
        english_url = english(url)
    french = costs(client, settings, url)
    in_english = costs(client, settings, english_url)
    # Queries, not templates: the English page may show other records (those without an
    # English version stay out), hence more or fewer cards or event dates.
    for way, (queries, _templates, status) in french.items():
        english_queries, _english_templates, english_status = in_english[way]
        assert (english_queries, english_status) == (queries, status), f"{url} → {english_url}"
