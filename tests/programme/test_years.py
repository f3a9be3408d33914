"""Academic years (millésimes): the current year, its switch on a date, older years' pages,
drafts, and « Préparer l'année suivante »."""

from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.preview import preview_link_create, preview_url
from core.publication import PublicationStatus
from programme.models import (
    AcademicYear,
    AdmissionPhase,
    AdmissionTrack,
    ContactRole,
    Course,
    Programme,
    ProgrammeContact,
    Semester,
    SkillBlock,
    TeachingUnit,
    academic_year_label,
)
from programme.services import (
    YEAR_COPY_STEPS,
    CopyStep,
    academic_year_prepare_next,
    copied_values,
)
from tests.html import element_by_id, links, parse_html, text_of
from tests.programme.conftest import make_course, make_semester

pytestmark = pytest.mark.django_db

URL = "/formation/"


@pytest.fixture
def year(site_content):
    """The year the data migration created: today's, published since long ago."""
    return AcademicYear.load_current()


@pytest.fixture
def clock(monkeypatch):
    """Moves the site's clock (`timezone.now`); tests never sleep."""

    def move_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return move_to


def label_before(year):
    return f"{year.start_year - 1}-{year.start_year}"


def make_year(label, *, status=PublicationStatus.PUBLISHED, published_at=None, pitch=None):
    """A year with its own fiche (whose pitch names the year)."""
    if status == PublicationStatus.PUBLISHED and published_at is None:
        published_at = timezone.now() - timedelta(days=400)
    year = AcademicYear.objects.create(label=label, status=status, published_at=published_at)
    Programme.objects.create(
        year=year,
        name="Ingénierie des Politiques Publiques et Sociales (IPPS)",
        degree="Master professionnel",
        pitch=pitch or f"Présentation de l'année {label}.",
    )
    return year


def fill_year(year, units_per_semester=2, contacts=1, phases=1):
    """Semesters with units and courses, contacts and admission phases for `year`."""
    for number in (1, 2):
        semester = make_semester(
            f"Semestre {number} ({year})",
            units=[
                (f"UE {number}.{index}", f"Unité {index}", 3, 10, 10)
                for index in range(units_per_semester)
            ],
            order=number,
            year=year,
        )
        for unit in semester.units.all():
            make_course(unit, f"Cours de {unit.title}", cm=5)
    for index in range(contacts):
        ProgrammeContact.objects.create(
            programme=year.programme,
            role=ContactRole.SECRETARIAT,
            name=f"Secrétariat {index}",
            email="ipps@exemple.fr",
        )
    for index in range(phases):
        AdmissionPhase.objects.create(
            year=year,
            track=AdmissionTrack.M2,
            label=f"Phase {index}",
            opens_on=date(year.start_year + 1, 3, 1),
            closes_on=date(year.start_year + 1, 2, 28) + timedelta(days=index + 1),
        )


def year_banner(response):
    return element_by_id(parse_html(response), "bandeau-annee")


def pitch_of(response):
    tree = parse_html(response)
    pitch = next(p for p in tree.iter("p") if "programme-page__pitch" in p.get("class", ""))
    return text_of(pitch)


# --- The current year and its switch -----------------------------------------------------


def test_the_migration_year_is_todays_academic_year_published_since_long_ago(year):
    assert year.label == academic_year_label(timezone.localdate())
    assert year.published_at.year == 2000
    assert Programme.load().year == year


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2026, 8, 31), "2025-2026"),
        (date(2026, 9, 1), "2026-2027"),
        (date(2027, 1, 15), "2026-2027"),
    ],
)
def test_september_starts_an_academic_year(day, label):
    assert academic_year_label(day) == label


def test_the_current_year_is_the_latest_published_one_at_the_given_time(year):
    switch_at = timezone.now() + timedelta(days=30)
    next_year = make_year(year.next_label(), published_at=switch_at)
    make_year(label_before(year))
    make_year(f"{year.start_year + 2}-{year.start_year + 3}", status=PublicationStatus.DRAFT)

    before = switch_at - timedelta(seconds=1)
    assert AcademicYear.load_current(now=before) == year
    assert Programme.load(now=before).year == year
    assert AcademicYear.load_current(now=switch_at) == next_year
    assert Programme.load(now=switch_at).year == next_year


def test_formation_switches_to_the_scheduled_year_on_its_date(client, year, clock):
    switch_at = timezone.now() + timedelta(days=30)
    next_year = make_year(year.next_label(), published_at=switch_at, pitch="L'année qui vient.")
    old_pitch = year.programme.pitch
    next_address = next_year.get_absolute_url()

    clock(switch_at - timedelta(minutes=1))
    assert pitch_of(client.get(URL)) == old_pitch
    assert client.get(next_address).status_code == 404
    assert old_pitch in client.get("/").content.decode()

    clock(switch_at)
    assert pitch_of(client.get(URL)) == "L'année qui vient."
    assert "L'année qui vient." in client.get("/").content.decode()
    older = client.get(year.get_absolute_url())
    assert older.status_code == 200
    assert year_banner(older) is not None


def test_the_page_cache_lets_the_new_year_in_at_its_date(
    client, year, clock, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    switch_at = timezone.now() + timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        make_year(year.next_label(), published_at=switch_at, pitch="L'année qui vient.")
    clock(switch_at - timedelta(minutes=1))
    assert pitch_of(client.get(URL)) == year.programme.pitch  # now in the page cache
    clock(switch_at + timedelta(minutes=1))
    assert pitch_of(client.get(URL)) == "L'année qui vient."


def test_the_home_page_shows_the_current_years_admission(client, year, clock):
    today = timezone.localdate()
    next_year = make_year(year.next_label(), published_at=timezone.now() + timedelta(days=1))
    AdmissionPhase.objects.create(
        year=year,
        track=AdmissionTrack.M2,
        label="Phase de cette année",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10),
    )
    AdmissionPhase.objects.create(
        year=next_year,
        track=AdmissionTrack.M2,
        label="Phase de l'an prochain",
        opens_on=today + timedelta(days=300),
        closes_on=today + timedelta(days=330),
    )
    html = client.get("/").content.decode()
    assert "Candidatures ouvertes" in html
    assert "prochaine ouverture" not in html
    clock(timezone.now() + timedelta(days=2))
    assert "prochaine ouverture" in client.get("/").content.decode()


# --- A year's own address -------------------------------------------------------------------


def test_an_older_year_shows_with_a_banner_pointing_to_the_current_one(client, year):
    older = make_year(label_before(year))
    response = client.get(f"/formation/{older.label}/")
    assert response.status_code == 200
    assert pitch_of(response) == f"Présentation de l'année {older.label}."
    banner = year_banner(response)
    assert banner.get("role") == "status"
    assert "n'est pas l'année universitaire en cours" in text_of(banner)
    assert older.label in text_of(banner)
    assert links(banner) == {URL}
    # Deferred (core.fragments.deferred): computed when the page's pieces need it.
    assert response.context["structured_data"]() is None


def test_the_current_year_page_has_no_year_banner(client, year):
    assert year_banner(client.get(URL)) is None


def test_the_current_years_own_address_shows_formation_and_names_it_canonical(client, year):
    response = client.get(f"/formation/{year.label}/")
    assert response.status_code == 200
    assert year_banner(response) is None
    assert pitch_of(response) == pitch_of(client.get(URL))
    canonical = [
        link.get("href")
        for link in parse_html(response).iter("link")
        if link.get("rel") == "canonical"
    ]
    assert canonical == ["http://testserver/formation/"]


@pytest.mark.parametrize(
    ("status", "offset"),
    [(PublicationStatus.DRAFT, None), (PublicationStatus.PUBLISHED, timedelta(days=10))],
)
def test_a_draft_or_scheduled_year_is_404_for_visitors_and_a_preview_for_staff(
    staff_client, year, status, offset
):
    next_year = make_year(
        year.next_label(),
        status=status,
        published_at=timezone.now() + offset if offset else None,
        pitch="En préparation.",
    )
    address = f"/formation/{next_year.label}/"
    assert Client().get(address).status_code == 404
    response = staff_client.get(address)
    assert response.status_code == 200
    assert pitch_of(response) == "En préparation."
    tree = parse_html(response)
    draft_banner = next(p for p in tree.iter("p") if "preview-banner" in p.get("class", ""))
    # A scheduled year says when it goes public, not « Brouillon ».
    expected = "Programmé pour le" if offset else "Brouillon"
    assert text_of(draft_banner).startswith(expected)
    assert "en préparation" in text_of(year_banner(response))
    assert "no-store" in response["Cache-Control"]
    # /formation/ stays on the current year, for staff too.
    assert pitch_of(staff_client.get(URL)) == year.programme.pitch


def test_a_preview_link_opens_a_draft_year_to_a_visitor(client, year, secretariat_user):
    next_year = make_year(year.next_label(), status=PublicationStatus.DRAFT, pitch="Brouillon.")
    link = preview_link_create(next_year, secretariat_user)
    response = client.get(preview_url(link))
    assert response.status_code == 200
    assert pitch_of(response) == "Brouillon."
    assert "no-store" in response["Cache-Control"]
    other = make_year(f"{year.start_year + 2}-{year.start_year + 3}", status="draft")
    assert client.get(preview_url(link, other)).status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/formation/1990-1991/",
        "/formation/2026-2028/",
        "/formation/abcd-efgh/",
        "/formation/2026/",
        "/formation/2026-2027-2028/",
        "/formation/99999-100000/",
        "/formation/%E2%80%93/",
    ],
)
def test_bad_year_addresses_are_404(client, year, address):
    assert client.get(address).status_code == 404


def test_a_year_shows_its_own_curriculum_and_admission(client, year):
    older = make_year(label_before(year))
    fill_year(older)
    fill_year(year)
    html = client.get(older.get_absolute_url()).content.decode()
    assert f"Semestre 1 ({older})" in html and f"Semestre 1 ({year})" not in html
    html = client.get(URL).content.decode()
    assert f"Semestre 1 ({year})" in html and f"Semestre 1 ({older})" not in html


def build(year, size):
    fill_year(year, units_per_semester=size, contacts=max(1, size // 4), phases=max(1, size // 8))


def count_queries(client, address):
    client.get(address)  # warm the cached identity and phases, as on a live site
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.mark.parametrize("which", ["current", "older"])
def test_query_count_of_a_year_page_does_not_grow_with_its_content(client, year, which):
    shown = year if which == "current" else make_year(label_before(year))
    address = URL if which == "current" else shown.get_absolute_url()
    build(shown, 2)
    small = count_queries(client, address)
    Semester.objects.filter(year=shown).delete()
    ProgrammeContact.objects.all().delete()
    AdmissionPhase.objects.all().delete()
    build(shown, 40)
    assert count_queries(client, address) == small


def test_label_must_be_two_consecutive_years(year):
    for label in ("2026-2028", "2026/2027", "26-27"):
        with pytest.raises(ValidationError) as error:
            AcademicYear(label=label).full_clean()
        assert "label" in error.value.message_dict
    AcademicYear(label="2030-2031").full_clean()


def test_a_label_is_unique(year):
    with pytest.raises(ValidationError) as error:
        AcademicYear(label=year.label).full_clean()
    assert "label" in error.value.message_dict


# --- Préparer l'année suivante ----------------------------------------------------------------


def fill_every_field(programme):
    """A value in every editable field of the fiche, whatever fields it has by then."""
    for model_field in Programme._meta.concrete_fields:
        if model_field.primary_key or model_field.is_relation or not model_field.editable:
            continue
        if model_field.choices:
            value = model_field.choices[-1][0]  # a valid choice (the database checks them)
        elif isinstance(model_field, models.BooleanField):
            value = True
        elif isinstance(model_field, models.DecimalField):
            value = Decimal("123.45")
        elif isinstance(model_field, models.IntegerField):
            value = 7
        elif isinstance(model_field, models.URLField):
            value = f"https://exemple.fr/{model_field.name}"
        elif isinstance(model_field, models.EmailField):
            value = f"{model_field.name}@exemple.fr"
        elif isinstance(model_field, models.DateTimeField):
            value = timezone.now()
        elif isinstance(model_field, models.DateField):
            value = date(2026, 9, 1)
        else:
            value = f"<p>{model_field.name}</p>"[: model_field.max_length or None]
        setattr(programme, model_field.attname, value)
    programme.save()


def snapshot(year):
    """Every value of every row of the year, to check the original is untouched."""
    return {
        "programme": copied_values(year.programme),
        "contacts": [copied_values(c) for c in year.programme.contacts.order_by("pk")],
        "semesters": [copied_values(s) for s in year.semesters.order_by("pk")],
        "units": [
            copied_values(u)
            for u in TeachingUnit.objects.filter(semester__year=year).order_by("pk")
        ],
        "courses": [
            copied_values(c)
            for c in Course.objects.filter(unit__semester__year=year).order_by("pk")
        ],
        "phases": [copied_values(p) for p in year.admission_phases.order_by("pk")],
    }


def test_preparing_the_next_year_copies_every_row_as_a_draft(year):
    fill_year(year, units_per_semester=3, contacts=2, phases=2)
    before = snapshot(year)

    new_year = academic_year_prepare_next(year)

    assert new_year.label == year.next_label()
    assert new_year.status == PublicationStatus.DRAFT and new_year.published_at is None
    assert AcademicYear.load_current() == year
    assert snapshot(year) == before
    copy = snapshot(new_year)
    assert copy["programme"]["name"] == before["programme"]["name"]
    for kind in ("contacts", "semesters", "units", "courses", "phases"):
        assert len(copy[kind]) == len(before[kind]) > 0, kind
    assert [c["name"] for c in copy["contacts"]] == [c["name"] for c in before["contacts"]]
    assert all(c["programme_id"] == new_year.programme.pk for c in copy["contacts"])
    assert [s["title"] for s in copy["semesters"]] == [s["title"] for s in before["semesters"]]
    assert all(s["year_id"] == new_year.pk for s in copy["semesters"])
    new_semesters = {s.pk for s in new_year.semesters.all()}
    assert {u["semester_id"] for u in copy["units"]} == new_semesters
    new_units = set(
        TeachingUnit.objects.filter(semester__year=new_year).values_list("pk", flat=True)
    )
    assert {c["unit_id"] for c in copy["courses"]} == new_units
    assert [c["title"] for c in copy["courses"]] == [c["title"] for c in before["courses"]]


def test_admission_dates_move_on_by_one_year(year):
    AdmissionPhase.objects.create(
        year=year,
        track=AdmissionTrack.M1,
        label="Phase principale",
        opens_on=date(year.start_year + 1, 2, 28),
        closes_on=date(year.start_year + 1, 3, 31),
    )
    new_year = academic_year_prepare_next(year)
    phase = new_year.admission_phases.get()
    assert (phase.label, phase.track) == ("Phase principale", AdmissionTrack.M1)
    assert phase.opens_on == date(year.start_year + 2, 2, 28)
    assert phase.closes_on == date(year.start_year + 2, 3, 31)
    assert year.admission_phases.get().opens_on == date(year.start_year + 1, 2, 28)


def test_a_29_february_becomes_the_28th(year):
    AdmissionPhase.objects.create(
        year=year,
        track=AdmissionTrack.M2,
        label="Bissextile",
        opens_on=date(2028, 2, 29),
        closes_on=date(2028, 3, 10),
    )
    phase = academic_year_prepare_next(year).admission_phases.get()
    assert phase.opens_on == date(2029, 2, 28)


def test_every_field_of_the_fiche_is_copied_including_fields_added_later(year):
    fill_every_field(year.programme)
    original = Programme.objects.get(pk=year.programme.pk)
    copy = academic_year_prepare_next(year).programme
    compared = copied_values(original)
    expected = {
        f.attname
        for f in Programme._meta.concrete_fields
        if f.name not in ("id", "year") and not getattr(f, "auto_now", False)
    }
    # Every concrete field but the key and the timestamp is copied: a field added to the
    # fiche later is in `concrete_fields`, hence copied without changing the service.
    assert set(compared) - {"year_id"} == expected
    for name, value in compared.items():
        if name != "year_id":
            assert getattr(copy, name) == value, name
    assert copy.year.label == year.next_label()
    assert copy.pk != original.pk


def test_preparing_a_year_that_exists_is_refused_in_french(year):
    academic_year_prepare_next(year)
    counts = (AcademicYear.objects.count(), Programme.objects.count(), Semester.objects.count())
    with pytest.raises(ValidationError) as error:
        academic_year_prepare_next(year)
    assert f"L'année {year.next_label()} existe déjà" in error.value.messages[0]
    assert (
        AcademicYear.objects.count(),
        Programme.objects.count(),
        Semester.objects.count(),
    ) == counts


def test_the_next_year_can_be_prepared_right_after_a_fresh_install(year):
    """The first fiche was written with an explicit key (pk=1) by the data migration: on
    PostgreSQL the id counter must have followed, or the copy collides with it."""
    copy = academic_year_prepare_next(year).programme
    assert copy.pk != year.programme.pk
    assert Programme.objects.count() == 2


def test_skill_blocks_are_copied_with_their_links_to_the_new_years_units(year):
    programme = year.programme
    programme.rncp_code = "RNCP35897"
    programme.save()
    semester = make_semester("Semestre 1", units=[("UE1", "Méthodes", 6, 20, 10)], year=year)
    block = SkillBlock.objects.create(
        programme=programme, code="RNCP35897BC01", title="Piloter un projet social"
    )
    block.units.add(semester.units.get())

    copy = academic_year_prepare_next(year).programme

    copied_block = copy.skill_blocks.get()
    assert copied_block.pk != block.pk and copied_block.title == block.title
    assert [unit.semester.year for unit in copied_block.units.all()] == [copy.year]
    assert [unit.semester.year for unit in block.units.all()] == [year]


def test_a_failed_copy_leaves_nothing_behind(year):
    fill_year(year)

    def broken(values):
        raise RuntimeError("panne")

    steps = (*YEAR_COPY_STEPS[:-1], CopyStep(AdmissionPhase, "year", broken))
    with pytest.raises(RuntimeError):
        academic_year_prepare_next(year, steps=steps)
    assert not AcademicYear.objects.filter(label=year.next_label()).exists()
    assert Semester.objects.exclude(year=year).count() == 0


# --- Admin ------------------------------------------------------------------------------------


def action(client, year_pks, name="prepare_next"):
    return client.post(
        reverse("admin:programme_academicyear_changelist"),
        {"action": name, "_selected_action": [str(pk) for pk in year_pks]},
        follow=True,
    )


def test_staff_prepare_the_next_year_from_the_admin(staff_client, year):
    fill_year(year)
    response = action(staff_client, [year.pk])
    new_year = AcademicYear.objects.get(label=year.next_label())
    assert response.redirect_chain[-1][0] == reverse(
        "admin:programme_academicyear_change", args=[new_year.pk]
    )
    assert f"L'année {new_year} est prête, en brouillon" in unescape(response.content.decode())
    assert new_year.semesters.count() == year.semesters.count() == 2

    again = action(staff_client, [year.pk])
    assert f"L'année {new_year} existe déjà" in unescape(again.content.decode())
    assert AcademicYear.objects.count() == 2


def test_the_action_wants_exactly_one_year(staff_client, year):
    older = make_year(label_before(year))
    response = action(staff_client, [year.pk, older.pk])
    assert "Choisissez une seule année" in unescape(response.content.decode())
    assert AcademicYear.objects.count() == 2


@pytest.mark.parametrize("view", ["changelist", "add"])
def test_year_admin_pages_render(staff_client, year, view):
    url = reverse(f"admin:programme_academicyear_{view}")
    response = staff_client.get(url, {"q": "20"} if view == "changelist" else {})
    assert response.status_code == 200


def test_the_year_change_page_has_a_preview_link_and_the_current_year_cannot_be_deleted(
    staff_client, year
):
    html = staff_client.get(
        reverse("admin:programme_academicyear_change", args=[year.pk])
    ).content.decode()
    assert f'href="/formation/{year.label}/"' in html
    response = staff_client.get(reverse("admin:programme_academicyear_delete", args=[year.pk]))
    assert response.status_code == 403
    draft = academic_year_prepare_next(year)
    response = staff_client.get(reverse("admin:programme_academicyear_delete", args=[draft.pk]))
    assert response.status_code == 200


def test_a_new_semester_starts_in_the_current_year(staff_client, year):
    response = staff_client.get(reverse("admin:programme_semester_add"))
    assert response.context["adminform"].form.initial["year"] == year.pk


def test_a_semester_saved_without_a_year_joins_the_current_one(year):
    assert Semester.objects.create(title="Semestre 9").year == year
    assert (
        AdmissionPhase.objects.create(
            track=AdmissionTrack.M2,
            label="Sans année",
            opens_on=date(2027, 1, 1),
            closes_on=date(2027, 2, 1),
        ).year
        == year
    )


def test_the_switch_is_in_the_admin_calendar(staff_client, year):
    switch_at = timezone.now() + timedelta(days=5)
    next_year = academic_year_prepare_next(year)
    next_year.status = PublicationStatus.PUBLISHED
    next_year.published_at = switch_at
    next_year.save()
    html = staff_client.get(reverse("admin:calendar")).content.decode()
    assert next_year.label in html


def test_semester_public_address_is_its_years_page(year):
    semester = make_semester("Semestre 1", year=year)
    assert semester.get_absolute_url() == f"/formation/{year.label}/#semestre-{semester.pk}"
