"""/formation/: numbered sections with their table of contents, drafts, metadata, queries."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.publication import PublicationStatus
from programme.models import Programme, Section, number_sections, section_letter
from tests.programme.conftest import make_course, make_section, make_semester

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_presentation")]

URL = "/formation/"


def page(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def headings(html):
    return [
        re.sub(r"<[^>]+>", "", heading).strip()
        for heading in re.findall(r"<h[23] id=\"[^\"]+-titre\">(.*?)</h[23]>", html)
    ]


def test_the_url_name_is_the_one_the_navigation_uses():
    assert reverse("programme:presentation") == URL


def test_sections_are_numbered_1_2_then_a_b_below(client, site_content):
    first = make_section("Pourquoi", order=1)
    make_section("Origines", order=2)
    make_section("Entrée en vigueur", parent=first, order=1)
    make_section("Conséquences", parent=first, order=2)
    assert headings(page(client))[:4] == [
        "1. Pourquoi",
        "a. Entrée en vigueur",
        "b. Conséquences",
        "2. Origines",
    ]


def test_reordering_sections_renumbers_them(client, site_content):
    first = make_section("Pourquoi", order=1)
    second = make_section("Origines", order=2)
    sub_a = make_section("Entrée", parent=first, order=1)
    make_section("Conséquences", parent=first, order=2)
    first.order, second.order, sub_a.order = 3, 1, 5
    for section in (first, second, sub_a):
        section.save()
    assert headings(page(client))[:4] == [
        "1. Origines",
        "2. Pourquoi",
        "a. Conséquences",
        "b. Entrée",
    ]


def test_table_of_contents_links_to_each_sections_anchor(client, site_content):
    first = make_section("Pourquoi ce master ?", order=1)
    make_section("L’entrée en vigueur", parent=first)
    html = page(client)
    toc = html[html.index('<nav class="toc"') : html.index("</nav>", html.index('class="toc"'))]
    assert '<a href="#pourquoi-ce-master">1. Pourquoi ce master ?</a>' in toc
    assert '<a href="#lentree-en-vigueur">a. L’entrée en vigueur</a>' in toc
    for anchor in ("pourquoi-ce-master", "lentree-en-vigueur"):
        assert f'id="{anchor}"' in html
    # The initial fiche states a level and a place: those groups are listed, empty ones not.
    for anchor in ("certification", "organisation", "contenu-formation"):
        assert f'href="#{anchor}"' in toc and f'id="{anchor}"' in html
    for anchor in ("admission", "debouches", "handicap"):
        assert f'href="#{anchor}"' not in toc and f'id="{anchor}"' not in html


def test_drafts_and_scheduled_sections_are_hidden_from_visitors(client, site_content):
    make_section("Publiée", order=1)
    make_section("En brouillon", order=2, status=PublicationStatus.DRAFT)
    make_section("Programmée", order=3, published_at=timezone.now() + timedelta(days=1))
    hidden_parent = make_section("Parent caché", order=4, status=PublicationStatus.DRAFT)
    make_section("Enfant publié d'un parent caché", parent=hidden_parent)
    html = page(client)
    assert "1.</span> Publiée" in html
    for hidden in ("En brouillon", "Programmée", "Parent caché", "Enfant publié"):
        assert hidden not in html
    assert "Brouillon — non visible du public" not in html


def test_staff_see_drafts_with_a_marker_and_their_own_numbering(staff_client, site_content):
    make_section("Publiée", order=1)
    make_section("En brouillon", order=2, status=PublicationStatus.DRAFT)
    html = page(staff_client)
    assert "1.</span> Publiée" in html
    assert (
        "2.</span> En brouillon "
        '<span class="draft-marker">Brouillon — non visible du public</span>' in html
    )
    assert html.count('class="draft-marker"') == 1


def test_a_hidden_section_leaves_no_gap_in_the_public_numbering(client, site_content):
    make_section("Première", order=1)
    make_section("Brouillon", order=2, status=PublicationStatus.DRAFT)
    make_section("Troisième", order=3)
    assert headings(page(client))[:2] == ["1. Première", "2. Troisième"]


def test_section_rich_text_is_rendered_as_html(client, site_content):
    make_section("Partie", body="<p>Un <strong>texte</strong> riche.</p><ul><li>point</li></ul>")
    html = page(client)
    assert '<div class="rich-text"><p>Un <strong>texte</strong> riche.</p>' in html
    assert "<li>point</li>" in html


def test_page_has_breadcrumbs_title_meta_description_and_one_h1(client, site_content):
    html = page(client)
    assert html.count("<h1") == 1
    assert "<title>Présentation et contenu de la formation — Master IPPS" in html
    assert 'aria-label="Fil d&#x27;Ariane"' in html or "Fil d'Ariane" in html
    assert '<span aria-current="page">Présentation et contenu de la formation</span>' in html
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert description.startswith("Le master professionnel")
    assert len(description) <= 160


def structured_data(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "JSON-LD absent"
    return json.loads(match.group(1))


def test_json_ld_describes_the_programme(client, site_content):
    data = structured_data(page(client))
    assert data["@type"] == "EducationalOccupationalProgram"
    assert data["name"] == "Ingénierie des Politiques Publiques et Sociales (IPPS)"
    assert data["educationalCredentialAwarded"]["educationalLevel"] == "Niveau 7 (bac + 5, master)"
    assert data["provider"]["name"] == "UFR Sciences Humaines & Arts, Université de Lorraine"
    assert data["url"] == "http://testserver/formation/"
    assert "numberOfCredits" not in data  # unknown facts are left out, never invented


def test_json_ld_cannot_be_broken_out_of_by_staff_text(client, site_content):
    programme = Programme.load()
    programme.name = "IPPS</script><script>alert(1)</script>"
    programme.pitch = "<!-- & -->"
    programme.save()
    html = page(client)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "<script>alert(1)" not in block.group(1)
    assert structured_data(html)["name"] == "IPPS</script><script>alert(1)</script>"


def build_content(section_count, units_per_semester):
    for position in range(section_count):
        parent = make_section(f"Partie {position}", order=position)
        make_section(f"Sous-partie {position}", parent=parent, order=0)
    for number in range(1, 3):
        semester = make_semester(
            f"Semestre {number}",
            units=[
                (f"UE {number}.{index}", f"Unité {index}", 3, 10, 10)
                for index in range(units_per_semester)
            ],
            order=number,
        )
        for unit in semester.units.all():
            make_course(unit, f"Cours de {unit.title}", cm=5)


def count_queries(client):
    client.get(URL)  # warm the cached identity and phases, as on a live site
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_sections_and_units(client, site_content):
    build_content(section_count=5, units_per_semester=2)
    small = count_queries(client)
    Section.objects.all().delete()
    build_content(section_count=100, units_per_semester=40)
    assert count_queries(client) == small


def test_query_count_does_not_grow_for_staff_either(staff_client, site_content):
    build_content(section_count=5, units_per_semester=2)
    small = count_queries(staff_client)
    build_content(section_count=100, units_per_semester=40)
    assert count_queries(staff_client) == small


def test_section_letters_go_on_after_z():
    assert [section_letter(index) for index in (0, 1, 25, 26, 27)] == ["a", "b", "z", "aa", "ab"]


def test_numbering_skips_sub_sections_whose_parent_is_absent():
    parent = Section(pk=1, title="Parent", parent_id=None)
    orphan = Section(pk=3, title="Orpheline", parent_id=2)
    child = Section(pk=4, title="Enfant", parent_id=1)
    tree = number_sections([parent, orphan, child])
    assert tree == [parent]
    assert parent.sub_sections == [child]
    assert child.full_number == "1. a."


def test_slugs_are_derived_from_titles_and_unique():
    first = make_section("Origines de la formation")
    second = make_section("Origines de la formation")
    assert first.slug == "origines-de-la-formation"
    assert second.slug == "origines-de-la-formation-2"
    assert second.get_absolute_url() == "/formation/#origines-de-la-formation-2"


def test_a_sub_section_cannot_hold_sub_sections():
    from django.core.exceptions import ValidationError

    parent = make_section("Parent")
    child = make_section("Enfant", parent=parent)
    grandchild = Section(title="Petit-enfant", parent=child)
    with pytest.raises(ValidationError) as excinfo:
        grandchild.full_clean()
    assert "ne peut pas contenir" in excinfo.value.message_dict["parent"][0]
    parent.parent = make_section("Autre")
    with pytest.raises(ValidationError) as excinfo:
        parent.full_clean()
    assert "a des sous-parties" in excinfo.value.message_dict["parent"][0]


def test_bad_query_strings_do_not_break_the_page(client, site_content):
    for query in ("?apercu=", "?apercu=%00%ff", "?apercu[]=1", "?page=abc"):
        assert client.get(URL + query).status_code == 200
