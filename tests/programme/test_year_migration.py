"""Upgrading a database from before academic years keeps every row, attached to today's year.

The test takes the database back to the schema just before the years (programme 0009),
fills it with the historical models of that time, migrates to the latest schema and looks
for everything with the current models. The database is left at the latest schema.
"""

import datetime

import pytest
from django.utils import timezone

from core.publication import PublicationStatus
from programme.models import (
    AcademicYear,
    AdmissionPhase,
    Programme,
    Semester,
    TeachingUnit,
    academic_year_label,
)
from tests.migrations import migrate_back_to, migrate_to_latest

BEFORE_YEARS = [("programme", "0013_remove_free_text_level_and_single_capacity")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def previous_schema():
    """The historical apps just before academic years; the latest schema back afterwards."""
    try:
        yield migrate_back_to(BEFORE_YEARS)
    finally:
        migrate_to_latest()


def test_an_existing_site_keeps_its_fiche_semesters_and_phases_in_todays_year(previous_schema):
    get = previous_schema.get_model
    # The fiche the data migration loads (an earlier transactional test may have flushed it).
    programme, _created = get("programme", "Programme").objects.get_or_create(
        pk=1, defaults={"name": "Master IPPS", "degree": "Master", "pitch": "Présentation."}
    )
    programme.place = "Metz, avant les millésimes"
    programme.save()
    get("programme", "ProgrammeContact").objects.create(
        programme=programme, role="secretariat", name="Secrétariat d'avant"
    )
    semester = get("programme", "Semester").objects.create(
        title="Semestre d'avant", status="published", published_at=timezone.now()
    )
    unit = get("programme", "TeachingUnit").objects.create(
        semester=semester, title="UE d'avant", ects=6
    )
    phase = get("programme", "AdmissionPhase").objects.create(
        track="m2",
        label="Phase d'avant",
        opens_on=datetime.date(2027, 3, 1),
        closes_on=datetime.date(2027, 4, 1),
    )
    counts = {
        name: get("programme", name).objects.count()
        for name in ("Programme", "ProgrammeContact", "Semester", "TeachingUnit", "AdmissionPhase")
    }

    migrate_to_latest()

    year = AcademicYear.objects.get()
    assert year.label == academic_year_label(timezone.localdate())
    assert year.status == PublicationStatus.PUBLISHED
    assert year.published_at < timezone.now() - datetime.timedelta(days=365)
    fiche = Programme.objects.get(pk=1)
    assert (fiche.year, fiche.place) == (year, "Metz, avant les millésimes")
    assert Programme.load() == fiche
    assert [c.name for c in fiche.contacts.all()] == ["Secrétariat d'avant"]
    assert Semester.objects.get(pk=semester.pk).year == year
    assert TeachingUnit.objects.get(pk=unit.pk).semester.year == year
    assert AdmissionPhase.objects.get(pk=phase.pk).year == year
    assert set(Semester.objects.values_list("year", flat=True)) == {year.pk}
    assert set(AdmissionPhase.objects.values_list("year", flat=True)) == {year.pk}
    assert counts == {
        "Programme": Programme.objects.count(),
        "ProgrammeContact": fiche.contacts.count(),
        "Semester": Semester.objects.count(),
        "TeachingUnit": TeachingUnit.objects.count(),
        "AdmissionPhase": AdmissionPhase.objects.count(),
    }
