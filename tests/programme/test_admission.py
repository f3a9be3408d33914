"""The admission block changes by itself with the date (tests inject the day)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programme.admission import admission_statuses
from programme.models import AdmissionPhase, AdmissionTrack, Programme
from tests.html import parse_html, text_of

pytestmark = pytest.mark.django_db

MONMASTER = "https://www.monmaster.gouv.fr/formation/ipps"


@pytest.fixture
def phases(site_content):
    programme = Programme.load()
    programme.monmaster_url = MONMASTER
    programme.save()
    return [
        AdmissionPhase.objects.create(
            track=AdmissionTrack.M1,
            label="Phase principale",
            opens_on=date(2026, 2, 25),
            closes_on=date(2026, 3, 24),
        ),
        AdmissionPhase.objects.create(
            track=AdmissionTrack.M1,
            label="Phase complémentaire",
            opens_on=date(2026, 6, 16),
            closes_on=date(2026, 7, 31),
        ),
        AdmissionPhase.objects.create(
            track=AdmissionTrack.M2,
            label="Dossier en ligne",
            opens_on=date(2026, 4, 1),
            closes_on=date(2026, 5, 15),
            url="https://candidature.univ-lorraine.fr/",
            notes="Joindre un CV et une lettre de motivation.",
        ),
    ]


def render_block(today):
    return Template(
        "{% load programme_blocks %}{% admission_block programme today=today %}"
    ).render(Context({"programme": Programme.load(), "today": today}))


def messages_on(day, phases):
    return {
        status.track: status.message
        for status in admission_statuses(phases, day, monmaster_url=MONMASTER)
    }


def test_before_any_phase_the_next_opening_is_announced(phases):
    assert messages_on(date(2026, 1, 10), phases) == {
        "m1": "Candidatures closes, prochaine ouverture le 25 février 2026",
        "m2": "Candidatures closes, prochaine ouverture le 1er avril 2026",
    }


def test_during_a_phase_the_closing_date_is_given(phases):
    assert messages_on(date(2026, 3, 24), phases)["m1"] == (
        "Candidatures ouvertes jusqu'au 24 mars 2026"
    )
    assert messages_on(date(2026, 4, 1), phases)["m2"] == (
        "Candidatures ouvertes jusqu'au 15 mai 2026"
    )


def test_between_two_phases_the_complementary_phase_is_announced(phases):
    assert messages_on(date(2026, 3, 25), phases)["m1"] == (
        "Candidatures closes, prochaine ouverture le 16 juin 2026"
    )


def test_after_the_last_phase_the_block_says_applications_are_closed(phases):
    assert messages_on(date(2026, 8, 1), phases)["m1"] == (
        "Candidatures closes pour cette année universitaire."
    )


def test_the_block_links_m1_to_monmaster_and_others_to_their_own_page(phases):
    html = render_block(date(2026, 4, 2))
    assert "Entrée en M1 (MonMaster)" in html
    assert f'<a href="{MONMASTER}">Candidater sur MonMaster</a>' in html
    assert 'href="https://candidature.univ-lorraine.fr/"' in html
    assert "Joindre un CV" in html
    assert "admission__track--open" in html and "admission__track--closed" in html


def test_the_block_changes_with_the_date_on_the_same_data(phases):
    assert "Candidatures ouvertes jusqu&#x27;au 24 mars 2026" in render_block(date(2026, 3, 1))
    assert "prochaine ouverture le 16 juin 2026" in render_block(date(2026, 4, 1))


def test_without_phases_the_block_says_whom_to_ask_and_promises_nothing(site_content):
    tree = parse_html(render_block(date(2026, 1, 1)))
    ask = [link for link in tree.iter("a") if "secrétariat" in text_of(link)]
    assert ask and ask[0].get("href") == reverse("pages:contact")
    assert "seront annoncées" not in text_of(tree)


def test_the_home_and_presentation_pages_show_the_block(client, phases):
    for url in ("/", "/formation/"):
        html = client.get(url).content.decode()
        assert "Entrée en M1 (MonMaster)" in html, url
        assert "Candidatures" in html, url


def test_the_home_page_runs_no_query_for_the_block_once_cached(client, phases):
    client.get("/")
    with CaptureQueriesContext(connection) as context:
        response = client.get("/")
    assert "Candidatures" in response.content.decode()
    assert not [q for q in context.captured_queries if "admissionphase" in q["sql"]]


def test_editing_or_deleting_a_phase_refreshes_the_cached_phases(
    phases, django_capture_on_commit_callbacks
):
    assert len(AdmissionPhase.load_all()) == 3
    with django_capture_on_commit_callbacks(execute=True):
        phases[2].label = "Nouvelle campagne M2"
        phases[2].save()
    assert "Nouvelle campagne M2" in [phase.label for phase in AdmissionPhase.load_all()]
    with django_capture_on_commit_callbacks(execute=True):
        AdmissionPhase.objects.filter(track=AdmissionTrack.M1).delete()
    assert [phase.track for phase in AdmissionPhase.load_all()] == ["m2"]


def test_a_phase_cannot_close_before_it_opens(site_content):
    phase = AdmissionPhase(
        track=AdmissionTrack.M2,
        label="À l'envers",
        opens_on=date(2026, 5, 1),
        closes_on=date(2026, 4, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        phase.full_clean()
    assert "après" in excinfo.value.message_dict["closes_on"][0]
    with pytest.raises(IntegrityError):
        phase.save()
