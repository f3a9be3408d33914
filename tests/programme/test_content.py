"""Initial content from the original site, the registry hooks, and demo sections."""

import pytest
from django.apps import apps
from django.core.management import call_command

from core.publication import PublicationStatus
from core.registry import content_kinds, demo_generators
from operations.demo import demo_objects
from programme.initial_content import load_initial_content
from programme.models import Programme, Section
from tests.programme.conftest import make_section

pytestmark = pytest.mark.django_db


def test_the_original_presentation_is_in_place_with_its_structure(site_content):
    sections = {section.slug: section for section in Section.objects.all()}
    assert [s.title for s in Section.objects.visible().order_by("order")] == [
        "Pourquoi ce master ?",
        "L’entrée en vigueur du master",
        "Les conséquences des transformations du secteur",
        "Origines de la formation",
    ]
    why = sections["pourquoi-ce-master"]
    assert sections["entree-en-vigueur-du-master"].parent == why
    assert sections["consequences-des-transformations-du-secteur"].parent == why
    assert sections["origines-de-la-formation"].parent is None


def test_the_original_text_is_copied_faithfully_paragraph_by_paragraph(site_content):
    body = Section.objects.get(slug="entree-en-vigueur-du-master").body
    assert body.count("<p>") == 2
    assert body.startswith(
        "<p>L’entrée en vigueur de celui-ci a été encouragée par les nombreuses transformations"
    )
    assert "la MST CERPII , Maitrise de Sciences et Techniques" in body
    assert "sociale.<br>Cette intervention se veut désormais plus « globale »" in body
    origins = Section.objects.get(slug="origines-de-la-formation").body
    assert origins.count("<p>") == 5
    assert origins.endswith(
        "n'a de cesse d'adapter son contenu aux évolutions du cadre institutionnel et des "
        "pratiques professionnelles régissant le secteur social, sanitaire et médico social.</p>"
    )


def test_the_page_shows_the_original_numbering(client, site_content):
    html = client.get("/formation/").content.decode()
    for heading in (
        "1.</span> Pourquoi ce master ?",
        "a.</span> L’entrée en vigueur du master",
        "b.</span> Les conséquences des transformations du secteur",
        "2.</span> Origines de la formation",
    ):
        assert heading in html


def test_loading_again_changes_nothing_and_keeps_staff_edits(site_content):
    section = Section.objects.get(slug="origines-de-la-formation")
    section.body = "<p>Texte revu par l'équipe.</p>"
    section.save()
    programme = Programme.load()
    programme.place = "Metz, campus du Saulcy"
    programme.save()
    load_initial_content(apps)
    assert Section.objects.count() == 4
    assert Section.objects.get(pk=section.pk).body == "<p>Texte revu par l'équipe.</p>"
    assert Programme.load().place == "Metz, campus du Saulcy"


def test_sections_are_registered_for_search_and_site_maps(site_content):
    kind = next(kind for kind in content_kinds() if kind.key == "sections")
    assert kind.search_fields == ("title", "body")
    make_section("Brouillon caché", status=PublicationStatus.DRAFT, order=99)
    titles = {section.title for section in kind.public_queryset()}
    assert "Origines de la formation" in titles and "Brouillon caché" not in titles
    assert kind.site_map_links() == [
        ("1. Pourquoi ce master ?", "/formation/#pourquoi-ce-master"),
        ("2. Origines de la formation", "/formation/#origines-de-la-formation"),
    ]


def test_site_map_links_run_in_one_query(site_content, django_assert_num_queries):
    kind = next(kind for kind in content_kinds() if kind.key == "sections")
    with django_assert_num_queries(1):
        kind.site_map_links()


def test_demo_sections_are_generated_marked_and_published(site_content):
    assert "sections" in demo_generators()
    call_command("generate_demo_content", sections=7)
    demo = demo_objects(Section)
    assert demo.count() == 7
    assert all(section.slug.startswith("demo-") for section in demo)
    assert demo.published().count() == 7
    assert demo.filter(parent__isnull=False).exists()
    assert not Section.objects.exclude(pk__in=demo).filter(slug__startswith="demo-").exists()
    call_command("generate_demo_content", sections=3)
    assert demo_objects(Section).count() == 10
