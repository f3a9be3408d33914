"""The fiche formation in the admin: its ECTS total checked against the curriculum, on the
fiche's page and in the « À traiter » panel; the skill blocks edited with the fiche."""

import pytest
from django.urls import reverse

from programme.models import Programme, SkillBlock
from tests.html import parse_html, text_of, texts
from tests.programme.conftest import make_semester

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_content")]

FICHE_URL = reverse("admin:programme_programme_change", args=[1])
ATTENTION_LABEL = "Crédits ECTS de la fiche formation différents de ceux de la maquette"


def declare_ects(ects):
    programme = Programme.load()
    programme.ects = ects
    programme.save()


def curriculum_of(*ects_per_semester):
    for number, ects in enumerate(ects_per_semester, start=1):
        make_semester(f"Semestre {number}", units=[(f"UE {number}", "Unité", ects, 10, 10)])


def warnings(html):
    return texts(html, "li", "warning")


def attention_lines(client):
    tree = parse_html(client.get(reverse("admin:index")))
    return [
        text_of(link)
        for link in tree.iter("a")
        if link.get("href") == FICHE_URL and ATTENTION_LABEL in text_of(link)
    ]


def test_a_fiche_disagreeing_with_the_curriculum_is_flagged(staff_client):
    declare_ects(120)
    curriculum_of(30, 30, 30)
    page = staff_client.get(FICHE_URL)
    assert page.status_code == 200
    assert warnings(page.content) == [
        "La fiche annonce 120 crédits ECTS, mais les semestres de la maquette en totalisent "
        "90. Corrigez la fiche ou les unités d'enseignement."
    ]
    assert attention_lines(staff_client) == [ATTENTION_LABEL]
    tree = parse_html(staff_client.get(reverse("admin:index")))
    counts = [
        text_of(strong)
        for strong in tree.iter("strong")
        if "attention__count" in strong.get("class", "")
    ]
    assert "1" in counts


def test_a_fiche_agreeing_with_the_curriculum_is_not_flagged(staff_client):
    declare_ects(120)
    curriculum_of(30, 30, 30, 30)
    assert warnings(staff_client.get(FICHE_URL).content) == []
    assert attention_lines(staff_client) == []


def test_nothing_is_flagged_before_the_fiche_or_the_curriculum_says_anything(
    staff_client,
):
    curriculum_of(30)
    assert attention_lines(staff_client) == []  # no ECTS declared on the fiche
    Programme.objects.update(ects=120)
    from programme.models import Semester

    Semester.objects.all().delete()
    assert attention_lines(staff_client) == []  # no curriculum entered yet
    assert warnings(staff_client.get(FICHE_URL).content) == []


def test_the_fiche_page_edits_skill_blocks_and_the_new_fieldsets(staff_client):
    html = staff_client.get(FICHE_URL).content
    legends = texts(html, "h2", "fieldset-heading") or texts(html, "h2")
    for title in (
        "Certification",
        "Organisation",
        "Formation continue",
        "Alternance",
        "Admission (comme sur MonMaster)",
        "Candidats internationaux",
        "Débouchés",
        "Handicap",
    ):
        assert title in legends, title
    assert "Blocs de compétences de la certification (fiche RNCP)" in texts(html, "h2")


def test_skill_block_admin_pages_render(staff_client):
    semester = make_semester("Semestre 1", units=[("UE 1", "Méthodes", 30, 10, 10)])
    block = SkillBlock.objects.create(
        programme=Programme.load(), code="RNCP35897BC01", title="Piloter"
    )
    block.units.set(semester.units.all())
    changelist = reverse("admin:programme_skillblock_changelist")
    assert staff_client.get(changelist, {"q": "Piloter"}).status_code == 200
    change = reverse("admin:programme_skillblock_change", args=[block.pk])
    assert staff_client.get(change).status_code == 200
