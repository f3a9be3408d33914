"""The cost of every public page does not grow with the content: the same number of SQL
queries and of templates rendered at three sizes, both when the page is rendered in full
and when its pieces come from the store (core/fragments.py).

A guard for `make bench`'s measures, without timing anything: a query or an included
template added inside a loop shows here. The pages are the menu's and the footer's (the
site's own list, pages/navigation.py), one of each kind's detail pages, the forms and the
404. Sizes: TINY holds less than a page of each list (a query per record shows against
the next size), SMALL fills more than one page, and the larger size adds records that
sort after SMALL's, so that each page shows the same records as at SMALL: the number of
templates, which depends on what each record holds (an event, a photo…), is compared
between those two.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Min
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from alumni.models import Alumnus
from documents.models import Category as DocumentCategory
from documents.models import Document
from news.models import NewsItem
from operations import content_version
from operations.demo import demo_objects
from pages.navigation import FOOTER, NAVIGATION, build_navigation
from tests.languages import address_in, url_in

pytestmark = pytest.mark.django_db

TINY = {"news": 3, "alumni": 3, "documents": 3, "sections": 1}
# What is added to TINY for SMALL.
SMALL = {"news": 22, "alumni": 27, "documents": 52, "sections": 2}
# What is added to SMALL for the larger size.
MORE = {"news": 60, "alumni": 80, "documents": 40, "sections": 0}


def layout_urls():
    urls = []
    for link in build_navigation(None, NAVIGATION + FOOTER):
        if link.url:
            urls.append(link.url)
        urls.extend(child.url for child in link.children if child.url)
    return list(dict.fromkeys(url.split("#")[0] for url in urls))


def public_urls():
    return [
        *layout_urls(),
        "/actualites/?page=2",
        "/anciens-etudiants/mise-a-jour/",
        "/recherche/?q=master",
        "/page-qui-n-existe-pas/",
    ]


# The pages the programme serves in English too (home, the fiche, international applicants).
ENGLISH_PAGE_NAMES = ["home", "programme:presentation", "programme:international"]


def in_language(language, url_name):
    with translation.override(language):
        return reverse(url_name)


def english_urls():
    return [in_language("en", name) for name in ENGLISH_PAGE_NAMES]


def newest_news_url():
    return NewsItem.objects.published().order_by("-published_at").first().get_absolute_url()


def cost(client, url):
    """(queries, templates) of the second request for `url` (the first fills the caches
    of the identity, the menus and, when they are on, the pieces)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code in (200, 404), url
    return len(queries.captured_queries), len(response.templates), response.status_code


def costs(client, settings, url):
    settings.FRAGMENT_CACHE_SECONDS = 0
    rendered = cost(client, url)
    settings.FRAGMENT_CACHE_SECONDS = 600
    stored = cost(client, url)
    return {"rendered": rendered, "stored": stored}


@pytest.fixture
def tiny_site(site_content, settings):
    settings.PAGE_CACHE_SECONDS = 0
    call_command("generate_demo_content", **TINY, stdout=io.StringIO())


def add_more_content_sorting_last():
    """MORE demo records, moved after the small size's in every list's order."""
    before = {
        model: set(demo_objects(model).values_list("pk", flat=True))
        for model in (NewsItem, Alumnus, Document)
    }
    call_command("generate_demo_content", **MORE, stdout=io.StringIO())

    def added(model):
        return demo_objects(model).exclude(pk__in=before[model])

    oldest = NewsItem.objects.published().aggregate(at=Min("published_at"))["at"]
    added(NewsItem).update(published_at=oldest - timedelta(days=1))
    last_cohort = Alumnus.objects.aggregate(cohort=Min("cohort"))["cohort"]
    added(Alumnus).update(cohort=last_cohort, last_name="Zzz")
    last_category = DocumentCategory.objects.order_by("-order", "-name").first()
    added(Document).update(category=last_category, order=10**6)
    # Written in bulk, without signals (see operations/content_version.py).
    content_version.bump()


@pytest.mark.parametrize("url", [*public_urls(), *english_urls(), "news detail"])
def test_a_public_page_costs_the_same_with_more_content(client, settings, tiny_site, url):
    def address():
        return newest_news_url() if url == "news detail" else url

    tiny = costs(client, settings, address())
    call_command("generate_demo_content", **SMALL, stdout=io.StringIO())
    small = costs(client, settings, address())
    shown = address()
    add_more_content_sorting_last()
    assert address() == shown
    large = costs(client, settings, shown)

    queries = {
        size: {path: cost[0] for path, cost in costs_.items()}
        for size, costs_ in (("tiny", tiny), ("small", small), ("large", large))
    }
    if tiny["rendered"][2] != small["rendered"][2]:
        del queries["tiny"]  # a second page of news is only there from SMALL on
    assert len(set(map(str, queries.values()))) == 1, f"{url}: {queries}"
    assert large == small, f"{url}: {small} → {large}"
    assert "tiny" not in queries or tiny["stored"][1] == small["stored"][1], f"{url}: {tiny}"
    # The stored pieces spare work, never add any (but reading the content version).
    assert small["stored"][0] <= small["rendered"][0] + 1
    assert small["stored"][1] <= small["rendered"][1]


@pytest.mark.parametrize("url_name", ENGLISH_PAGE_NAMES)
def test_an_english_page_costs_what_its_french_page_costs(client, settings, tiny_site, url_name):
    call_command("generate_demo_content", **SMALL, stdout=io.StringIO())
    french = costs(client, settings, in_language("fr", url_name))
    english = costs(client, settings, in_language("en", url_name))
    assert english["rendered"][2] == 200
    # As many queries (the templates follow the records shown, which differ: those without
    # an English version stay out).
    for way, (queries, _templates, status) in french.items():
        assert english[way][0::2] == (queries, status), f"{url_name}: {french} → {english}"


# --- The same pages in English ------------------------------------------------------------

ENGLISH_PAGES = {
    "news list": ("news:list", ""),
    "news list, page 2": ("news:list", "?page=2"),
    "news feed": ("news:feed", ""),
    "documents": ("documents:list", ""),
    "alumni": ("alumni:directory", ""),
    "legal notice": ("pages:legal_notice", ""),
    "access map": ("pages:access_map", ""),
    "contact": ("pages:contact", ""),
    "search": ("search", "?q=master"),
}


def addresses(page):
    """(French address, English address) of one of ENGLISH_PAGES, or of the newest news
    item that has an English version."""
    if page == "news detail":
        item = NewsItem.objects.published().in_language("en").order_by("-published_at").first()
        return address_in("fr", item), address_in("en", item)
    name, query = ENGLISH_PAGES[page]
    return url_in("fr", name) + query, url_in("en", name) + query


def query_counts(client, settings, url):
    return {way: cost[0] for way, cost in costs(client, settings, url).items()}


@pytest.mark.parametrize("page", [*ENGLISH_PAGES, "news detail"])
def test_an_english_page_costs_the_same_with_more_content(client, settings, tiny_site, page):
    call_command("generate_demo_content", **SMALL, stdout=io.StringIO())
    french, english = addresses(page)
    assert costs(client, settings, english)["rendered"][2] == 200, english
    english_queries = query_counts(client, settings, english)
    assert english_queries == query_counts(client, settings, french), page

    # More content (some of it only in French) shows as more records on a page that was
    # not full, never as more queries.
    add_more_content_sorting_last()
    assert addresses(page) == (french, english)
    assert query_counts(client, settings, english) == english_queries, page
