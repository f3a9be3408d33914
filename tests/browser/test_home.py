"""The home page in a real Chromium, every block filled: accessible and without sideways
scrolling at 320 and 1280 px."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alumni.models import Alumnus, AlumnusStatus, Sector
from core.publication import PublicationStatus
from news.models import Category, NewsItem
from programme.models import AdmissionPhase, ContactRole, Programme
from tests.programme.conftest import FILLED_FICHE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def full_home(site_content):
    programme = Programme.load()
    for field, value in FILLED_FICHE.items():
        setattr(programme, field, value)
    programme.save()
    programme.contacts.create(
        role=ContactRole.SECRETARIAT,
        name="Secrétariat du master",
        email="secretariat@example.org",
        phone="03 87 31 56 38",
        opening_hours="Lundi au jeudi : 9 h – 12 h",
    )
    today = timezone.localdate()
    AdmissionPhase.objects.create(
        track="m1", label="Phase principale", opens_on=today, closes_on=today + timedelta(days=5)
    )
    AdmissionPhase.objects.create(
        track="m2",
        label="Dossier",
        opens_on=today + timedelta(days=30),
        closes_on=today + timedelta(days=60),
        url="https://candidature.example.org/",
    )
    category = Category.objects.first() or Category.objects.create(name="Vie", slug="vie")
    now = timezone.now()
    for number in range(3):
        NewsItem.objects.create(
            title=f"Rencontre avec les partenaires {number}",
            summary="Les étudiants ont présenté leurs projets.",
            body="<p>Texte.</p>",
            category=category,
            status=PublicationStatus.PUBLISHED,
            published_at=now - timedelta(days=number + 1),
            starts_at=now + timedelta(days=3) if number == 0 else None,
            location="Metz" if number == 0 else "",
        )
    sector, _ = Sector.objects.get_or_create(name="Association", defaults={"order": 1})
    Alumnus(
        first_name="Camille",
        last_name="Martin",
        cohort=2019,
        position="Chargée de mission",
        sector=sector,
        city="Metz",
        email="camille@example.org",
        status=AlumnusStatus.PUBLISHED,
        consents_to_name=True,
        consents_to_career=True,
        consents_to_testimonial=True,
        testimonial="Le master m'a appris à conduire un projet avec les élus.",
        is_highlighted=True,
    ).save()


@pytest.mark.parametrize("width", [320, 1280])
def test_the_full_home_page_is_accessible_and_never_scrolls_sideways(
    live_server, page, full_home, assert_accessible, width, tmp_path
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    for heading in ["#admission-titre", "#titre-formation-en-bref", "#titre-contact"]:
        assert page.locator(heading).count() == 1, heading
    assert page.locator(".admission__soon").inner_text() == "clôture dans 5 jours"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
    page.screenshot(path=tmp_path / f"accueil-{width}.png", full_page=True)


def test_on_wide_screens_the_admission_status_sits_beside_the_programme(
    live_server, page, full_home
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    title = page.locator("#titre-page").bounding_box()
    admission = page.locator("#admission-titre").bounding_box()
    assert admission["x"] > title["x"] + title["width"] / 2
    assert admission["y"] < page.viewport_size["height"]
