"""News, documents, alumni and the fixed pages in English, in a real Chromium: the page's
language, axe (French text on an English page marked as such), 320 px."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from alumni.models import Alumnus, AlumnusStatus
from core.publication import PublicationStatus
from documents.models import Category as DocumentCategory
from documents.models import Document
from documents.pdf_builder import build_pdf
from news.models import Category, NewsItem
from tests.languages import address_in, url_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_content(site_content):
    category, _ = Category.objects.update_or_create(
        slug="vie-du-master",
        defaults={"name": "Vie du master", "name_en": "Programme life", "order": 1},
    )
    now = timezone.now()
    event = NewsItem.objects.create(
        title="Journée portes ouvertes du master IPPS",
        title_en="IPPS master's open day",
        summary="Venez rencontrer l'équipe pédagogique.",
        summary_en="Come and meet the teaching staff.",
        body="<h2>Programme</h2><p>Accueil à 10 h.</p>",
        body_en="<h2>Schedule</h2><p>Welcome at 10 am.</p>",
        # No English place: the French one, marked as French.
        location="UFR SHA, Île du Saulcy, Metz — amphi B",
        category=category,
        status=PublicationStatus.PUBLISHED,
        published_at=now - timedelta(hours=1),
        starts_at=now + timedelta(days=6),
    )
    NewsItem.objects.create(
        title="Conférence sur l'action publique locale",
        title_en="Lecture on local public action",
        # No English summary: the French one, marked as French.
        summary="Une intervention ouverte à tous.",
        body="<p>Texte.</p>",
        category=category,
        status=PublicationStatus.PUBLISHED,
        published_at=now - timedelta(hours=2),
    )
    NewsItem.objects.create(
        title="Soutenances de juin",
        summary="Seulement en français.",
        body="<p>Texte.</p>",
        category=category,
        status=PublicationStatus.PUBLISHED,
        published_at=now - timedelta(hours=3),
    )
    heading, _ = DocumentCategory.objects.update_or_create(
        slug="candidature", defaults={"name": "Candidature", "name_en": "Applying", "order": 10}
    )
    document = Document(
        title="Dossier de candidature",
        title_en="Application form",
        description="À envoyer avant le 30 avril.",
        category=heading,
        status=PublicationStatus.PUBLISHED,
        published_at=now - timedelta(hours=1),
    )
    content = build_pdf("Dossier", title="Dossier de candidature", tagged=True)
    document.file = ContentFile(content, name="dossier.pdf")
    document.save()
    Alumnus.objects.create(
        first_name="Élise",
        last_name="Moselle",
        cohort=2019,
        position="Chargée de mission",
        employer="Ville de Metz",
        status=AlumnusStatus.PUBLISHED,
        consents_to_name=True,
        consents_to_career=True,
        consents_to_testimonial=True,
        is_highlighted=True,
        testimonial="Le stage m'a ouvert des portes.",
        testimonial_en="The internship opened doors for me.",
    )
    return event


def english_paths(event):
    return [
        url_in("en", "news:list"),
        address_in("en", event),
        url_in("en", "documents:list"),
        url_in("en", "alumni:directory"),
        url_in("en", "pages:legal_notice"),
        url_in("en", "pages:access_map"),
        url_in("en", "search") + "?q=open",
    ]


def test_english_content_pages_are_in_english_and_accessible(
    live_server, page, english_content, assert_accessible
):
    for path in english_paths(english_content):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert page.evaluate("document.documentElement.lang") == "en", path
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_french_text_on_english_pages_says_it_is_french(live_server, page, english_content):
    page.goto(live_server.url + address_in("en", english_content))
    place = page.locator(".news-event__details span[lang='fr']")
    assert place.inner_text() == "UFR SHA, Île du Saulcy, Metz — amphi B"
    page.goto(live_server.url + url_in("en", "news:list"))
    cards = page.locator(".news-card__title")
    assert cards.all_inner_texts() == [
        "IPPS master's open day",
        "Lecture on local public action",
    ]
    assert page.locator(".news-card__summary[lang='fr']").inner_text() == (
        "Une intervention ouverte à tous."
    )


def test_the_english_legal_notice_links_to_the_french_reference(live_server, page, english_content):
    page.goto(live_server.url + url_in("en", "pages:legal_notice"))
    page.locator(".reference-notice a").click()
    page.wait_for_url(live_server.url + url_in("fr", "pages:legal_notice"))
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.locator("h1").inner_text() == "Mentions légales"


def test_english_content_pages_hold_up_at_320_pixels(live_server, page, english_content, tmp_path):
    page.set_viewport_size({"width": 320, "height": 640})
    for number, path in enumerate(english_paths(english_content)):
        page.goto(live_server.url + path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, f"{path} overflows: {scroll_width}px"
        page.screenshot(path=tmp_path / f"english-{number}-320.png", full_page=True)
