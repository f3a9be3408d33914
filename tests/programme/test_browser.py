"""/formation/ and its admin in a real Chromium: accessible, anchors, 320 px, editing journey."""

from datetime import timedelta

import pytest
from django.utils import timezone

from backoffice.roles import SECRETARIAT
from programme.models import (
    AdmissionPhase,
    ContactRole,
    Programme,
    ProgrammeContact,
    Section,
    SkillBlock,
)
from tests.programme.conftest import FILLED_FICHE, make_course, make_semester
from tests.staff import SECRETARIAT_EMAIL, SECRETARIAT_PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def full_page_content(site_content):
    """Every block of /formation/ filled, so that axe and the 320 px check see them all."""
    semester = make_semester(
        "Semestre 1",
        units=[("UE 1", "Méthodes d'enquête", 12, 20, 30), ("UE 2", "Droit social", 18, 24, 6)],
    )
    make_course(semester.units.first(), "Entretiens et questionnaires", cm=10, td=5)
    today = timezone.localdate()
    AdmissionPhase.objects.create(
        track="m1",
        label="Phase principale",
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=20),
        url="https://www.monmaster.gouv.fr/",
    )
    AdmissionPhase.objects.create(
        track="m2",
        label="Dossier",
        opens_on=today + timedelta(days=30),
        closes_on=today + timedelta(days=60),
    )
    ProgrammeContact.objects.create(
        programme=Programme.load(),
        role=ContactRole.SECRETARIAT,
        name="Secrétariat du master",
        phone="03 87 31 56 38",
        opening_hours="Lundi au jeudi : 9 h – 12 h",
    )
    programme = Programme.load()
    for field, value in FILLED_FICHE.items():
        setattr(programme, field, value)
    programme.offers_continuing = programme.funding_cpf = programme.offers_apprenticeship = True
    programme.cfa_name, programme.cfa_url = "CFA universitaire", "https://cfa.example.org/"
    programme.save()
    block = SkillBlock.objects.create(programme=programme, code="RNCP35897BC01", title="Piloter")
    block.units.set(semester.units.all())


def test_presentation_page_is_accessible_and_its_toc_anchors_work(
    live_server, page, full_page_content, assert_accessible
):
    page.goto(live_server.url + "/formation/")
    assert page.locator("h1").count() == 1
    assert_accessible(page)

    page.locator(".toc a", has_text="2. Origines de la formation").click()
    assert page.url.endswith("#origines-de-la-formation")
    heading = page.locator("#origines-de-la-formation-titre")
    assert heading.is_visible()
    assert heading.bounding_box()["y"] < page.viewport_size["height"]

    page.locator(".toc a", has_text="b. Les conséquences").click()
    assert page.url.endswith("#consequences-des-transformations-du-secteur")
    assert page.locator("#consequences-des-transformations-du-secteur-titre").is_visible()


def test_presentation_page_holds_up_at_320_pixels(
    live_server, page, full_page_content, assert_accessible, tmp_path
):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/formation/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # The curriculum is stacked: nothing to scroll sideways, no column hidden, each unit a
    # block with its code, its title, and its credits and hours labelled.
    region = page.locator(".curriculum .table-scroll").first
    assert region.evaluate("box => box.scrollWidth <= box.clientWidth")
    unit = page.locator(".curriculum-table tbody tr").first
    assert unit.evaluate("row => getComputedStyle(row).display") == "block"
    shown = unit.inner_text()
    for text in ["UE 1", "Méthodes d'enquête", "12", "20", "30"]:
        assert text in shown, shown
    # The labels are drawn before each number (innerText leaves generated content out).
    labels = unit.locator("td.num").evaluate_all(
        "cells => cells.map(cell => [cell.dataset.label, getComputedStyle(cell, '::before')"
        ".content !== 'none', cell.getBoundingClientRect().width > 0])"
    )
    assert labels == [
        ["ECTS", True, True],
        ["Cours magistraux", True, True],
        ["Travaux dirigés", True, True],
    ]
    assert_accessible(page)
    page.screenshot(path=tmp_path / "formation-320.png", full_page=True)


def test_the_curriculum_stays_a_table_on_wide_screens(live_server, page, full_page_content):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/formation/")
    unit = page.locator(".curriculum-table tbody tr").first
    assert unit.evaluate("row => getComputedStyle(row).display") == "table-row"
    assert page.locator(".curriculum-table thead").is_visible()


def test_presentation_prints_its_content_without_the_site_chrome(
    live_server, page, full_page_content, pdf_renderer
):
    page.goto(live_server.url + "/formation/")
    brochure_link = page.get_by_role("link", name="Télécharger la plaquette (PDF")
    assert brochure_link.is_visible()

    page.emulate_media(media="print")
    for hidden in (".site-nav", ".site-search", ".site-footer__links", ".skip-link", ".toc"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert not brochure_link.is_visible()
    assert (
        page.locator("h1").is_visible() and page.locator(".site-footer address").first.is_visible()
    )

    table = page.locator(".curriculum-table").first
    assert table.is_visible()
    assert table.evaluate("t => getComputedStyle(t.tHead).display") == "table-header-group"
    assert table.evaluate("t => getComputedStyle(t.parentElement).overflowX") == "visible"
    written_out = page.locator("#admission a[href^='https://www.monmaster.gouv.fr/']").evaluate(
        "a => getComputedStyle(a, '::after').content"
    )
    assert "https://www.monmaster.gouv.fr/" in written_out


def test_staff_edit_a_section_add_a_sub_section_and_the_site_follows(
    live_server, page, site_content, django_user_model
):
    make_staff(django_user_model, SECRETARIAT_EMAIL, SECRETARIAT)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", SECRETARIAT_EMAIL)
    page.fill("#id_password", SECRETARIAT_PASSWORD)
    page.locator("input[type=submit]").click()

    origins = Section.objects.get(slug="origines-de-la-formation")
    page.goto(live_server.url + f"/admin/programme/section/{origins.pk}/change/")
    editor = page.locator(".field-body .ProseMirror >> visible=true").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Paragraphe ajouté par le secrétariat.")

    page.locator("#children-group a", has_text="Ajouter").first.click()
    page.fill("#id_children-0-title", "Une sous-partie nouvelle")
    page.fill("#id_children-0-order", "1")
    page.select_option("#id_children-0-status", "published")
    page.locator("input[name=_save]").first.click()
    errors = page.locator(".errorlist, .errornote").all_inner_texts()
    assert not errors, errors

    assert "Paragraphe ajouté par le secrétariat." in Section.objects.get(pk=origins.pk).body
    page.goto(live_server.url + "/formation/")
    assert page.locator("#origines-de-la-formation-titre").inner_text().startswith("2.")
    sub_heading = page.locator("h3", has_text="Une sous-partie nouvelle")
    assert sub_heading.inner_text().startswith("a.")
    assert page.locator(".toc a", has_text="a. Une sous-partie nouvelle").count() == 1
    assert page.get_by_text("Paragraphe ajouté par le secrétariat.").is_visible()
