"""An English page runs as many SQL queries and renders as many templates as its French
twin, rendered in full and from the stored pieces (tests/contract/test_public_page_costs.py
holds each page's cost constant as the content grows)."""

import io

import pytest
from django.core.management import call_command
from django.urls import translate_url

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
        url = NewsItem.objects.published().order_by("-published_at").first().get_absolute_url()
    french = costs(client, settings, url)
    in_english = costs(client, settings, english(url))
    assert in_english == french, f"{url} → {english(url)}"
