"""The « fiche formation »: real facts only, and a list of what a future student would miss."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from programme.models import AdmissionPhase, ContactRole, Programme, ProgrammeContact, SkillBlock
from tests.programme.conftest import FILLED_FICHE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_content")]


def test_the_card_holds_only_what_the_original_site_states():
    programme = Programme.load()
    # « diplôme de niveau I » on the original site is the old name of niveau 7.
    assert programme.degree_level == "7"
    assert "Metz" in programme.place and "UFR Sciences Humaines & Arts" in programme.place
    # Unknown facts stay empty: nothing is invented.
    assert programme.ects is None and programme.capacity_m1 is None
    assert programme.capacity_m2 is None and programme.duration_months is None
    assert programme.registration_fee is None and programme.duration == ""
    assert programme.rncp_code == "" and not programme.skill_blocks.exists()
    assert programme.paces == []


def test_the_completeness_check_lists_what_is_missing():
    missing = Programme.load().missing_information()
    for expected in (
        "les dates de candidature",
        "le contact du secrétariat",
        "les débouchés et métiers",
        "le nombre de crédits ECTS",
        "le lien MonMaster pour candidater en M1",
    ):
        assert expected in missing
    assert "le niveau du diplôme (cadre national)" not in missing


def test_a_complete_card_misses_nothing():
    programme = Programme.load()
    for field, value in {
        **FILLED_FICHE,
        "mention": "Sociologie",
    }.items():
        setattr(programme, field, value)
    programme.save()
    SkillBlock.objects.create(programme=programme, code="RNCP35897BC01", title="Piloter")
    ProgrammeContact.objects.create(programme=programme, role=ContactRole.RESPONSIBLE, name="R")
    ProgrammeContact.objects.create(programme=programme, role=ContactRole.SECRETARIAT, name="S")
    AdmissionPhase.objects.create(
        track="m2", label="Phase", opens_on=date(2026, 4, 1), closes_on=date(2026, 5, 1)
    )
    assert programme.missing_information() == []


def test_rich_text_with_only_empty_markup_counts_as_missing():
    programme = Programme.load()
    programme.careers = "<p> </p>"
    programme.save()
    assert "les débouchés et métiers" in programme.missing_information()


def test_the_fees_year_must_read_like_2025_2026():
    programme = Programme.load()
    programme.fees_academic_year = "2025"
    with pytest.raises(ValidationError) as excinfo:
        programme.full_clean()
    assert "2025-2026" in excinfo.value.message_dict["fees_academic_year"][0]


def test_key_facts_show_on_the_page_only_when_filled(client):
    html = client.get("/formation/").content.decode()
    assert "<dt>Niveau</dt><dd>Niveau 7 (bac + 5, master)</dd>" in html
    assert "<dt>Crédits</dt>" not in html and "<dt>Places en M1</dt>" not in html
    programme = Programme.load()
    programme.ects, programme.capacity_m1, programme.offers_continuing = 120, 25, True
    programme.duration_months = 24
    programme.save()
    html = client.get("/formation/").content.decode()
    assert "<dt>Crédits</dt><dd>120 ECTS</dd>" in html
    assert "<dt>Durée</dt><dd>2 ans</dd>" in html
    assert "25 places" in html and "formation continue" in html


def test_contacts_show_with_their_opening_hours(client):
    ProgrammeContact.objects.create(
        programme=Programme.load(),
        role=ContactRole.SECRETARIAT,
        name="Secrétariat du master",
        phone="03 87 31 56 38",
        email="secretariat@example.org",
        opening_hours="Lundi au jeudi : 9 h – 12 h\n\nVendredi : 9 h – 11 h",
    )
    html = client.get("/formation/").content.decode()
    assert "Secrétariat du master" in html
    assert 'href="tel:+33387315638"' in html
    assert "<li>Lundi au jeudi : 9 h – 12 h</li><li>Vendredi : 9 h – 11 h</li>" in html
