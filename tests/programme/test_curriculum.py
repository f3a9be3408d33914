"""The curriculum: totals computed from the units, a table per semester, bars, empty state."""

import re

import pytest

from core.publication import PublicationStatus
from programme.models import Semester
from tests.html import parse_html, text_of
from tests.programme.conftest import make_course, make_semester

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_content")]

URL = "/formation/"


def curriculum_html(client):
    html = client.get(URL).content.decode()
    # The curriculum block ends where the next part of the page begins (its own <section>
    # elements nest inside it); the fiche's later groups may be absent when empty.
    start = html.index('id="contenu-formation"')
    end = html.find('<section class="programme-block" id=', start + 1)
    end = html.index("</article>", start) if end == -1 else end
    return html[start:end]


def test_an_empty_curriculum_shows_a_helpful_message_and_no_figures(client):
    html = curriculum_html(client)
    assert "contactez-le" in html  # who to ask, not a promise of content
    assert "sera publié" not in html
    assert "ects-bars" not in html and "Au total" not in html
    assert "<table" not in html


def test_totals_per_semester_and_overall_are_computed_from_the_units():
    make_semester(
        "Semestre 1", units=[("UE1", "Méthodes", 12, 20, 30), ("UE2", "Droit", 18, 24, 0)]
    )
    make_semester("Semestre 2", units=[("UE3", "Stage", 30, 0, 10)], order=1)
    semesters = list(Semester.objects.for_page())
    assert [(s.total_ects, s.total_hours_cm, s.total_hours_td) for s in semesters] == [
        (30, 44, 30),
        (30, 0, 10),
    ]
    assert semesters[0].total_hours == 74
    assert all(semester.has_expected_ects for semester in semesters)


def test_a_semester_without_units_totals_zero():
    semester = Semester.objects.with_totals().get(pk=make_semester("Vide").pk)
    assert (semester.total_ects, semester.total_hours) == (0, 0)
    assert not semester.has_expected_ects


def test_the_page_shows_a_table_per_semester_with_its_totals(client):
    semester = make_semester(
        "Semestre 1", units=[("UE 1", "Méthodes", 12, 20, 30), ("UE 2", "Droit", 18, 24, 6)]
    )
    make_course(semester.units.get(code="UE 1"), "Enquête de terrain", cm=10, td=5)
    make_semester("Semestre 2", units=[("UE 3", "Stage", 24, 0, 10)], order=1)
    html = curriculum_html(client)
    assert html.count("<table") == 2
    assert 'id="semestre-' in html
    assert "Méthodes" in html and "Enquête de terrain" in html and "10 h CM, 5 h TD" in html
    first_footer = parse_html(html).find(".//tfoot")
    assert [text_of(cell) for cell in first_footer.iter("td")] == ["30", "44", "36"]
    assert "Au total : 54 crédits ECTS et 90 heures d’enseignement." in html.replace(
        "&#x27;", "’"
    ).replace("'", "’")


def test_bars_are_proportional_to_the_ects_of_each_semester(client):
    make_semester("S1", units=[("UE1", "A", 30, 0, 0)])
    make_semester("S2", units=[("UE2", "B", 15, 0, 0)], order=1)
    html = curriculum_html(client)
    widths = re.findall(r'class="ects-bars__fill" x="0" y="0" width="([\d.]+)"', html)
    assert widths == ["100.0", "50.0"]
    assert "<script" not in html


def test_draft_semesters_are_hidden_from_visitors_and_marked_for_staff(client, secretariat_user):
    make_semester("Semestre en préparation", status=PublicationStatus.DRAFT)
    assert "Semestre en préparation" not in curriculum_html(client)
    client.force_login(secretariat_user)
    html = curriculum_html(client)
    assert "Semestre en préparation" in html and "draft-marker" in html


def test_the_curriculum_prints_without_the_navigation_aids(client):
    from django.contrib.staticfiles import finders

    with open(finders.find("css/programme.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    print_rules = css[css.index("@media print") :]
    assert ".toc" in print_rules and ".table-scroll { overflow: visible; }" in print_rules
