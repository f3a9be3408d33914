"""Builders for the programme's tests: sections, semesters, images, staff."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.publication import PublicationStatus
from programme.models import (
    AdmissionPhase,
    ContactRole,
    Course,
    Programme,
    Section,
    Semester,
    TeachingUnit,
)
from tests.browser.conftest import assert_accessible, axe  # noqa: F401 (shared browser fixtures)
from tests.forged_files import image_bytes  # noqa: F401 - image tests import it from here

# Every fact of the « fiche formation », filled as a secretariat would (test values).
FILLED_FICHE = {
    "degree_level": "7",
    "rncp_code": "RNCP35897",
    "objectives": "<p>Former des cadres de l'action sociale.</p>",
    "skills": "<p>Piloter des projets.</p>",
    "duration_months": 24,
    "ects": 120,
    "offers_initial": True,
    "rhythm": "Cours du lundi au mercredi",
    "place": "Metz",
    "teaching_language": "fr",
    "starts_on": date(2026, 9, 7),
    "capacity_m1": 20,
    "capacity_m2": 24,
    "internship": "<p>Six mois.</p>",
    "audience": "<p>Licence de sociologie.</p>",
    "admission_expectations": "<p>Connaître les politiques sociales.</p>",
    "admission_criteria": "<p>Résultats et projet professionnel.</p>",
    "admission_documents": "<p>CV et lettre de motivation.</p>",
    "admission_steps": "<p>Examen du dossier, puis entretien.</p>",
    "registration_fee": Decimal("250.00"),
    "fees_academic_year": "2025-2026",
    "monmaster_url": "https://www.monmaster.gouv.fr/formation/ipps",
    "international_url": "https://pastel.diplomatie.gouv.fr/etudesenfrance/",
    "french_level": "B2",
    "french_certificates": "DELF B2, DALF C1",
    "international_email": "international@example.org",
    "careers": "<p>Chargé de mission.</p>",
    "sectors": "<p>Collectivités territoriales.</p>",
    "rome_codes": "M1402, K1802",
    "further_study": "<p>Doctorat de sociologie.</p>",
    "disability_contact_name": "Mission handicap",
    "disability_contact_email": "handicap@example.org",
    "disability_contact_phone": "03 72 74 00 00",
    "disability_adjustments": "<p>Tiers-temps aux examens.</p>",
}


def make_international_fiche():
    """The fiche filled (FILLED_FICHE) with what international applicants read in both
    languages: the French level in English, the secretariat's contact with an English
    title, and an open main round with an English label. Returns the fiche, to be saved
    again by a test that changes more of it."""
    programme = Programme.load()
    for field, value in FILLED_FICHE.items():
        setattr(programme, field, value)
    programme.french_certificates_en = "DELF B2, DALF C1 (French language diplomas)"
    programme.save()
    programme.contacts.create(
        role=ContactRole.SECRETARIAT,
        name="Secrétariat du master",
        title="Scolarité",
        title_en="Student office",
        email="secretariat@example.org",
        phone="03 87 31 56 38",
        opening_hours="Lundi au jeudi : 9 h – 12 h",
    )
    today = timezone.localdate()
    AdmissionPhase.objects.create(
        track="m1",
        label="Phase principale",
        label_en="Main round",
        opens_on=today - timedelta(days=2),
        closes_on=today + timedelta(days=30),
    )
    return programme


def make_section(title, parent=None, order=0, status=PublicationStatus.PUBLISHED, **fields):
    return Section.objects.create(
        title=title,
        parent=parent,
        order=order,
        status=status,
        body=fields.pop("body", f"<p>Texte de « {title} ».</p>"),
        **fields,
    )


def make_semester(title="Semestre 1", units=(), order=0, **fields):
    """A published semester with units given as (code, title, ects, cm, td)."""
    fields.setdefault("status", PublicationStatus.PUBLISHED)
    semester = Semester.objects.create(title=title, order=order, **fields)
    for position, (code, unit_title, ects, cm, td) in enumerate(units):
        TeachingUnit.objects.create(
            semester=semester,
            code=code,
            title=unit_title,
            ects=ects,
            hours_cm=cm,
            hours_td=td,
            order=position,
        )
    return semester


def make_course(unit, title, cm=None, td=None, order=0):
    return Course.objects.create(unit=unit, title=title, hours_cm=cm, hours_td=td, order=order)


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def in_one_hour():
    return timezone.now() + timedelta(hours=1)


def media_files(settings):
    """Every file under MEDIA_ROOT, as relative paths."""
    root = settings.MEDIA_ROOT
    if not root.exists():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def empty_presentation(site_content):
    """The initial content without its sections (removed after `site_content` loads them)."""
    Section.objects.all().delete()
