"""The home page answers in one screen what a candidate asks first: what the programme is,
its key facts, whether one can apply today, then news, events, a testimonial and whom to
contact. Empty blocks are left out for visitors; staff see where to fill them in."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alumni.models import Alumnus, AlumnusStatus, Sector
from core.models import SiteIdentity
from core.publication import PublicationStatus
from news.models import Category, NewsItem
from programme.admission import closing_in
from programme.models import AdmissionPhase, AdmissionTrack, ContactRole, Programme
from tests.html import element_by_id, elements, has_class, links, parse_html, text_of, texts
from tests.programme.conftest import FILLED_FICHE

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
HOME = "/"

# Every block of the home page, by the id of its heading.
BLOCKS = [
    "titre-page",
    "titre-formation-en-bref",
    "admission-titre",
    "titre-actualites",
    "titre-a-venir",
    "titre-temoignage",
    "titre-contact",
]


@pytest.fixture
def clock(monkeypatch):
    """`clock.set(day)`: the site believes it is noon on `day` (Paris)."""

    class Clock:
        def set(self, day):
            moment = datetime(day.year, day.month, day.day, 12, tzinfo=PARIS)
            monkeypatch.setattr(timezone, "now", lambda: moment)

    return Clock()


@pytest.fixture
def fiche(site_content):
    programme = Programme.load()
    for field, value in FILLED_FICHE.items():
        setattr(programme, field, value)
    programme.mention = "Sociologie"
    programme.save()
    return programme


@pytest.fixture
def empty_fiche(site_content):
    """The fiche with only what the form requires (name, diploma, pitch)."""
    programme = Programme.load()
    for field in ["degree_level", "rhythm", "place", "teaching_language", "duration", "mention"]:
        setattr(programme, field, "")
    for field in ["duration_months", "ects", "capacity_m1", "capacity_m2", "starts_on"]:
        setattr(programme, field, None)
    for field in ["offers_initial", "offers_continuing", "offers_work_study", "offers_vae"]:
        setattr(programme, field, False)
    programme.monmaster_url = ""
    programme.save()
    programme.contacts.all().delete()
    AdmissionPhase.objects.all().delete()
    SiteIdentity.objects.filter(pk=1).update(contact_email="", ufr_phone="")
    cache.clear()
    return programme


def add_secretariat(programme):
    return programme.contacts.create(
        role=ContactRole.SECRETARIAT,
        name="Secrétariat du master",
        email="secretariat-ipps@example.org",
        phone="03 87 31 56 38",
    )


def add_news(count, events=0, now=None):
    now = now or timezone.now()
    category = Category.objects.first() or Category.objects.create(name="Vie", slug="vie")
    NewsItem.objects.bulk_create(
        NewsItem(
            title=f"{'Événement' if number < events else 'Actualité'} {number}",
            slug=f"home-{number}",
            summary="Un chapô.",
            body="<p>Texte.</p>",
            category=category,
            status=PublicationStatus.PUBLISHED,
            published_at=now - timedelta(hours=number + 1),
            starts_at=now + timedelta(days=number + 1) if number < events else None,
        )
        for number in range(count)
    )


def add_testimonials(count):
    sector = Sector.objects.first() or Sector.objects.create(name="Association", order=1)
    for number in range(count):
        Alumnus(
            first_name="Camille",
            last_name=f"Martin{number}",
            cohort=2019,
            position="Chargée de mission",
            sector=sector,
            city="Metz",
            email=f"ancien{number}@example.org",
            status=AlumnusStatus.PUBLISHED,
            consents_to_name=True,
            consents_to_career=True,
            consents_to_testimonial=True,
            testimonial="Le master m'a appris à conduire un projet avec les élus.",
            is_highlighted=True,
        ).save()


def add_phases(count, today):
    tracks = list(AdmissionTrack)
    AdmissionPhase.objects.bulk_create(
        AdmissionPhase(
            year_id=Programme.load().year_id,
            track=tracks[number % len(tracks)],
            label=f"Phase {number}",
            opens_on=today + timedelta(days=number * 20 - 10),
            closes_on=today + timedelta(days=number * 20 + 5),
        )
        for number in range(count)
    )
    cache.delete(AdmissionPhase.CACHE_KEY)


def heading_ids(response):
    tree = parse_html(response)
    return [block for block in BLOCKS if element_by_id(tree, block) is not None]


def status_of(response, track):
    """The admission status shown for `track` (its label starts the card)."""
    for attributes, text in elements(response.content, "li", "admission__track"):
        if f"admission__track--{track}" in attributes["class"]:
            return text
    return None


# --- A full fiche: every block -----------------------------------------------


def test_with_a_full_fiche_the_home_page_shows_every_block(client, fiche, clock):
    clock.set(date(2026, 3, 1))
    add_secretariat(fiche)
    add_phases(2, date(2026, 3, 1))
    add_news(4, events=2)
    add_testimonials(1)
    response = client.get(HOME)
    assert response.status_code == 200
    assert heading_ids(response) == BLOCKS
    tree = parse_html(response)
    assert text_of(element_by_id(tree, "titre-page")) == fiche.name
    assert fiche.pitch in texts(response.content, "p", "hero__pitch")
    banner = tree.find(".//main//div[@class='hero__banner']/img")
    assert banner.get("alt") == ""
    facts = dict(
        zip(
            texts(response.content, "dt"),
            [text for _attrs, text in elements(response.content, "dd")],
            strict=False,
        )
    )
    assert facts["Diplôme"] == (
        "Master professionnel, mention Sociologie Niveau 7 (bac + 5, master)"
    )
    assert facts["Durée"] == "2 ans"
    assert facts["Crédits"] == "120 ECTS"
    assert facts["Rythme"] == "Cours du lundi au mercredi"
    assert facts["Lieu"] == "Metz"
    assert facts["Langue"] == "Français"
    assert facts["Modalités"] == "Formation initiale"
    assert facts["Capacité d'accueil"] == "20 places en M1 24 places en M2"
    assert facts["Rentrée"] == "7 septembre 2026"
    contact = element_by_id(tree, "titre-contact")
    assert contact is not None
    assert "mailto:secretariat-ipps@example.org" in links(tree)
    assert "tel:+33387315638" in links(tree)
    assert "Paroles d'anciens" in texts(response.content, "h2")
    assert not [text for text in texts(response.content, css_class="staff-hint") if text]


def test_without_a_secretariat_the_contact_comes_from_the_site_identity(client, fiche):
    SiteIdentity.objects.filter(pk=1).update(contact_email="ufr-shs@example.org")
    cache.clear()
    tree = parse_html(client.get(HOME))
    assert element_by_id(tree, "titre-contact") is not None
    assert "mailto:ufr-shs@example.org" in links(tree)


# --- Empty blocks: nothing for visitors, hints for staff ---------------------


def test_with_an_empty_fiche_visitors_see_no_empty_block_and_no_placeholder(client, empty_fiche):
    response = client.get(HOME)
    assert heading_ids(response) == ["titre-page", "titre-formation-en-bref"]
    assert texts(response.content, "dt") == ["Diplôme"]
    main = parse_html(response).find(".//main")
    assert "compléter" not in text_of(main).lower()
    assert not [element for element in main.iter() if has_class(element, "staff-hint")]
    assert "admin" not in " ".join(links(main))


def test_with_an_empty_fiche_staff_see_hints_linking_to_the_admin(staff_client, empty_fiche):
    response = staff_client.get(HOME)
    assert heading_ids(response) == BLOCKS
    hints = [text for text in texts(response.content, css_class="staff-hint") if text]
    assert hints and all(hint.startswith("À compléter :") for hint in hints)
    hint_links = set()
    tree = parse_html(response)
    for element in tree.iter():
        if has_class(element, "staff-hint"):
            hint_links |= links(element)
    fiche_url = reverse("admin:programme_programme_change", args=[empty_fiche.pk])
    assert {
        f"{fiche_url}#id_rhythm",
        f"{fiche_url}#id_teaching_language",
        f"{fiche_url}#id_capacity_m2",
        f"{fiche_url}#contacts-group",
        reverse("admin:programme_admissionphase_add"),
        reverse("admin:news_newsitem_add"),
        reverse("admin:alumni_alumnus_changelist"),
    } <= hint_links
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_visitors_home_page_stays_cacheable(client, empty_fiche):
    assert "no-cache" not in client.get(HOME).get("Cache-Control", "")


def test_without_a_fiche_the_page_keeps_a_title_and_staff_are_told_to_create_it(
    client, staff_client, site_content
):
    Programme.objects.all().delete()
    tree = parse_html(client.get(HOME))
    assert "Master IPPS" in text_of(element_by_id(tree, "titre-page"))
    assert element_by_id(tree, "titre-formation-en-bref") is None
    staff_tree = parse_html(staff_client.get(HOME))
    assert reverse("admin:programme_programme_add") in links(staff_tree.find(".//main"))


# --- The admission status of the day -----------------------------------------


@pytest.fixture
def m1_phase(fiche):
    return AdmissionPhase.objects.create(
        track=AdmissionTrack.M1,
        label="Phase principale",
        opens_on=date(2027, 1, 15),
        closes_on=date(2027, 3, 1),
    )


@pytest.mark.parametrize(
    ("day", "state", "expected"),
    [
        (date(2027, 1, 20), "open", "Candidatures ouvertes jusqu'au 1er mars 2027"),
        (date(2027, 2, 24), "closing", "jusqu'au 1er mars 2027 clôture dans 5 jours"),
        (date(2027, 1, 2), "upcoming", "prochaine ouverture le 15 janvier 2027"),
        (date(2027, 3, 2), "closed", "Candidatures closes pour cette année universitaire."),
    ],
)
def test_the_admission_status_of_the_day(client, m1_phase, clock, day, state, expected):
    clock.set(day)
    response = client.get(HOME)
    status = status_of(response, state)
    assert status is not None, texts(response.content, "li", "admission__track")
    assert expected in status
    if state != "closing":
        assert "clôture dans" not in status


def test_closing_soon_counts_the_days_in_french():
    assert closing_in(0) == "clôture aujourd'hui"
    assert closing_in(1) == "clôture demain"
    assert closing_in(14) == "clôture dans 14 jours"


def test_track_labels_keep_french_capitalisation_inside_a_sentence(client, fiche, clock):
    clock.set(date(2026, 4, 2))
    AdmissionPhase.objects.create(
        track=AdmissionTrack.M2,
        label="Dossier en ligne",
        opens_on=date(2026, 4, 1),
        closes_on=date(2026, 5, 15),
        url="https://candidature.example.org/",
    )
    link_texts = texts(client.get(HOME).content, "a")
    assert "Candidater : entrée en M2" in link_texts


# --- Query count ---------------------------------------------------------------


def count_queries(client):
    client.get(HOME)  # warm the caches (identity, phases)
    with CaptureQueriesContext(connection) as context:
        response = client.get(HOME)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_home_page_runs_the_same_number_of_queries_with_little_or_much_content(client, fiche):
    today = timezone.localdate()
    add_secretariat(fiche)
    add_news(4, events=2)
    add_testimonials(1)
    add_phases(2, today)
    small = count_queries(client)
    NewsItem.objects.all().delete()
    AdmissionPhase.objects.all().delete()
    add_news(300, events=100)
    add_testimonials(25)
    add_phases(40, today)
    large = count_queries(client)
    assert small == large


def test_staff_are_told_the_dates_are_missing_even_with_a_monmaster_link(
    client, staff_client, empty_fiche
):
    empty_fiche.monmaster_url = "https://www.monmaster.gouv.fr/formation/ipps"
    empty_fiche.save()
    phase_add = reverse("admin:programme_admissionphase_add")
    visitor = parse_html(client.get(HOME))
    assert element_by_id(visitor, "admission-titre") is not None
    assert phase_add not in links(visitor)
    assert phase_add in links(parse_html(staff_client.get(HOME)))


def test_the_page_cache_never_keeps_the_staff_page_nor_serves_it_to_visitors(
    client, staff_client, empty_fiche, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    staff_page = staff_client.get(HOME)
    assert "X-Page-Cache" not in staff_page
    assert [text for text in texts(staff_page.content, css_class="staff-hint") if text]
    first, second = client.get(HOME), client.get(HOME)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert not [text for text in texts(second.content, css_class="staff-hint") if text]
    assert "X-Page-Cache" not in staff_client.get(HOME)
