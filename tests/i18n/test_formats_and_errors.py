"""What visitors read follows the page's language: dates (no French « 1er » in English,
formats holding words translated), sizes, and the error pages (404, 500, 503)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from core.formatting import human_size
from core.publication import PublicationStatus
from news.models import NewsItem
from tests.html import parse_html, text_of

PARIS = ZoneInfo("Europe/Paris")


def render_date(value, language, argument=""):
    template = Template("{% load dates %}{{ value|date_fr" + argument + " }}")
    with translation.override(language):
        return template.render(Context({"value": value}))


def test_dates_are_written_in_the_page_language():
    first = datetime.date(2027, 3, 1)
    assert render_date(first, "fr") == "1er mars 2027"
    assert render_date(first, "en") == "1 March 2027"
    moment = datetime.datetime(2027, 3, 1, 14, 30, tzinfo=PARIS)
    with_words = ':_("j F Y à H:i")'
    assert render_date(moment, "fr", with_words) == "1er mars 2027 à 14:30"
    assert render_date(moment, "en", with_words) == "1 March 2027, 14:30"


def test_sizes_are_written_in_the_page_language():
    with translation.override("fr"):
        assert [human_size(n) for n in (512, 2048, 1_258_291, 2 * 1024 * 1024)] == [
            "512 octets",
            "2 Ko",
            "1,2 Mo",
            "2 Mo",
        ]
    with translation.override("en"):
        assert [human_size(n) for n in (512, 2048, 1_258_291, 2 * 1024 * 1024)] == [
            "512 bytes",
            "2 kB",
            "1.2 MB",
            "2 MB",
        ]


@pytest.mark.django_db
def test_a_scheduled_record_is_announced_in_the_page_language(site_content):
    item = NewsItem(
        title="Rentrée",
        status=PublicationStatus.PUBLISHED,
        published_at=datetime.datetime(2099, 9, 1, 9, 0, tzinfo=PARIS),
    )
    with translation.override("fr"):
        assert item.preview_label.startswith("Programmé pour le 01/09/2099 à 09:00")
    with translation.override("en"):
        assert item.preview_label.startswith("Scheduled for 01/09/2099, 09:00")


@pytest.fixture
def failing_pages(settings, site_content):
    settings.ROOT_URLCONF = "tests.i18n.urls"
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/essai-base-injoignable/", 503, "Site momentanément indisponible"),
        ("/en/essai-base-injoignable/", 503, "Site temporarily unavailable"),
        ("/essai-erreur/", 500, "Le site rencontre un problème"),
        ("/en/essai-erreur/", 500, "The site has run into a problem"),
        ("/page-absente/", 404, "Page introuvable"),
        ("/en/missing-page/", 404, "Page not found"),
    ],
)
def test_error_pages_speak_the_language_of_the_address(failing_pages, path, status, heading):
    response = failing_pages.get(path)
    assert response.status_code == status
    tree = parse_html(response)
    language = "en" if path.startswith("/en/") else "fr"
    assert tree.find(".//html").get("lang") == language
    assert text_of(tree.find(".//h1")) == heading
    home = "/en/" if language == "en" else "/"
    assert home in {a.get("href") for a in tree.iter("a")}
