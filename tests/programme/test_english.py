"""The programme in English: the fiche, its parts, the curriculum and the admission block
read in English where translated and in French (marked `lang="fr"`) where not; the English
page exists once the fiche has its English name; parts without an English title are absent."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from core.publication import PublicationStatus
from core.registry import content_kinds
from operations.demo import demo_objects
from programme.admission import admission_statuses
from programme.models import AcademicYear, AdmissionPhase, Course, Programme, Section
from programme.views import brochure_download
from tests.html import element_by_id, links, parse_html, text_of
from tests.programme.conftest import FILLED_FICHE, make_section, make_semester

pytestmark = pytest.mark.django_db


def english(name, *args):
    """The English address of a URL name (/en/…)."""
    with translation.override("en"):
        return reverse(name, args=args)


def french(name, *args):
    with translation.override("fr"):
        return reverse(name, args=args)


def lang_of(tree, element_id):
    element = element_by_id(tree, element_id)
    assert element is not None, element_id
    return element.get("lang")


@pytest.fixture
def fiche(site_content):
    programme = Programme.load()
    for field, value in FILLED_FICHE.items():
        setattr(programme, field, value)
    programme.objectives_en = "<p>To train managers for social action.</p>"
    programme.rhythm_en = "Classes from Monday to Wednesday"
    programme.save()
    return programme


# --- Localized values ----------------------------------------------------------------------


def test_each_field_falls_back_to_french_on_its_own(fiche):
    with translation.override("en"):
        assert fiche.localized.name == "Public and Social Policy Engineering (IPPS)"
        assert fiche.localized.rhythm == "Classes from Monday to Wednesday"
        assert fiche.localized.internship == "<p>Six mois.</p>"
        assert fiche.localized.language_of.internship == "fr"
        assert fiche.localized.language_of.rhythm == "en"
    with translation.override("fr"):
        assert fiche.localized.rhythm == "Cours du lundi au mercredi"


def test_the_search_text_is_composed_in_english_too(fiche):
    fiche.refresh_from_db()
    assert "To train managers for social action." in fiche.search_text_en
    assert "Former des cadres de l'action sociale." in fiche.search_text
    assert "To train managers" not in fiche.search_text
    phase = AdmissionPhase.objects.create(
        track="m1",
        label="Phase principale",
        label_en="Main round",
        opens_on=date(2027, 3, 1),
        closes_on=date(2027, 3, 24),
    )
    assert "1 March 2027" in phase.search_text_en and "mars" not in phase.search_text_en
    assert "mars 2027" in phase.search_text


def test_a_course_change_recomposes_its_unit_in_both_languages(site_content):
    semester = make_semester(units=[("UE 1", "Sociologie", 6, 20, 10)])
    unit = semester.units.get()
    Course.objects.create(unit=unit, title="Enquête de terrain", title_en="Fieldwork")
    unit.refresh_from_db()
    assert "Fieldwork" in unit.search_text_en and "Fieldwork" not in unit.search_text
    assert "Enquête de terrain" in unit.search_text


def test_a_section_gets_its_english_anchor_from_its_english_title(site_content):
    section = make_section("Débouchés", order=99, title_en="Careers")
    assert section.slug_en == "careers"
    other = make_section("Métiers", order=100, title_en="Careers")
    assert other.slug_en == "careers-2"
    untranslated = make_section("Sans traduction", order=101)
    assert untranslated.slug_en == ""
    with translation.override("en"):
        assert section.get_absolute_url() == english("programme:presentation") + "#careers"
        assert untranslated.get_absolute_url().endswith("#sans-traduction")
    assert section.get_absolute_url() == french("programme:presentation") + "#debouches"


def test_a_published_english_anchor_is_kept(site_content):
    section = make_section("Débouchés", order=99, title_en="Careers")
    section.slug_en = "jobs"
    with pytest.raises(ValidationError) as error:
        section.full_clean()
    assert "slug_en" in error.value.message_dict
    draft = make_section("Brouillon", order=98, status=PublicationStatus.DRAFT, title_en="Draft")
    draft.slug_en = "first-draft"
    draft.full_clean()  # a draft's anchor may still change


def test_an_english_anchor_is_given_later_to_a_published_section(site_content):
    section = make_section("Débouchés", order=99)
    section.title_en = "Careers"
    section.full_clean()
    section.save()
    assert section.slug_en == "careers"


# --- The fiche's page in English -----------------------------------------------------------


def test_the_english_page_shows_english_texts_and_marks_french_ones(client, fiche):
    response = client.get(english("programme:presentation"))
    assert response.status_code == 200
    tree = parse_html(response)
    page = element_by_id(tree, "contenu")
    text = text_of(page)
    assert "The professional master's degree “Public and Social Policy Engineering”" in text
    assert "To train managers for social action." in text
    # Parts in English, under their English anchors, in the table of contents too.
    headings = [text_of(h) for h in page.iter("h2") if h.get("id", "").endswith("-titre")]
    assert "1. Why this master's degree?" in headings
    assert "2. Origins of the programme" in headings
    toc = tree.find(".//nav[@aria-labelledby='toc-titre']")
    assert {"#why-this-masters-degree", "#origins-of-the-programme"} <= links(toc)
    assert element_by_id(tree, "origins-of-the-programme") is not None
    assert "Pourquoi ce master" not in text
    # A text without its English version is shown in French, and marked so.
    internship = [div for div in page.iter("div") if text_of(div) == "Six mois."]
    assert internship and internship[0].get("lang") == "fr"
    rhythm = [dd for dd in page.iter("dd") if text_of(dd) == "Classes from Monday to Wednesday"]
    assert rhythm and rhythm[0].get("lang") is None


def test_the_french_page_is_unchanged_and_carries_no_lang_marks(client, fiche):
    response = client.get(french("programme:presentation"))
    html = response.content.decode()
    assert "Pourquoi ce master ?" in html and "Why this master" not in html
    assert "Former des cadres de l'action sociale." in html
    page = element_by_id(parse_html(response), "contenu")
    # Only the ROME codes, French whatever the page, carry a `lang`.
    marked = [text_of(element) for element in page.iter() if element.get("lang")]
    assert marked == fiche.rome_code_list


def test_a_part_without_english_title_is_absent_from_the_english_page(client, fiche):
    make_section("Partie non traduite", order=5, body="<p>Texte seulement en français.</p>")
    translated = make_section(
        "Partie traduite", order=6, title_en="Translated part", body="<p>Texte français.</p>"
    )
    html = client.get(english("programme:presentation")).content.decode()
    assert "Partie non traduite" not in html and "Texte seulement en français" not in html
    assert "Translated part" in html
    tree = parse_html(html)
    # Its text has no English version: French, marked as such, under the English title.
    body = element_by_id(tree, translated.slug_en).find(".//div")
    assert body.get("lang") == "fr" and text_of(body) == "Texte français."
    french_html = client.get(french("programme:presentation")).content.decode()
    assert "Partie non traduite" in french_html


def test_the_english_page_is_a_404_until_the_fiche_has_its_english_name(client, fiche):
    Programme.objects.filter(pk=fiche.pk).update(name_en="")
    assert client.get(english("programme:presentation")).status_code == 404
    assert client.get(english("programme:international")).status_code == 404
    assert client.get(french("programme:presentation")).status_code == 200
    assert client.get(english("programme:year", fiche.year.label)).status_code == 404


def test_the_curriculum_reads_in_english_with_french_fallbacks(client, fiche):
    semester = make_semester(
        "Semestre 1", units=[("UE 1", "Sociologie de l'action publique", 30, 20, 10)]
    )
    semester.title_en = "Semester 1"
    semester.save()
    unit = semester.units.get()
    Course.objects.create(unit=unit, title="Enquête de terrain", title_en="Fieldwork")
    Course.objects.create(unit=unit, title="Statistiques")
    tree = parse_html(client.get(english("programme:presentation")))
    block = element_by_id(tree, f"semestre-{semester.pk}")
    assert text_of(block.find("h3")) == "Semester 1"
    spans = {text_of(span): span.get("lang") for span in block.iter("span")}
    assert spans["Sociologie de l'action publique"] == "fr"
    assert spans["Fieldwork"] is None
    assert spans["Statistiques"] == "fr"


def test_the_admission_block_gives_english_dates_and_labels(fiche):
    today = date(2027, 2, 20)
    AdmissionPhase.objects.create(
        track="m1",
        label="Phase principale",
        label_en="Main round",
        notes="Dossier complet exigé.",
        opens_on=date(2027, 3, 1),
        closes_on=date(2027, 3, 24),
    )
    phases = AdmissionPhase.load_all()
    with translation.override("en"):
        (status,) = admission_statuses(phases, today)
        assert "1 March 2027" in status.message and "1er" not in status.message
        assert status.phase_label == "Main round" and status.phase_label_lang == ""
        assert status.notes == "Dossier complet exigé." and status.notes_lang == "fr"
    with translation.override("fr"):
        (status,) = admission_statuses(phases, today)
        assert "1er mars 2027" in status.message
        assert status.phase_label == "Phase principale" and status.notes_lang == ""


def test_the_english_page_links_to_the_french_brochure_and_says_so(client, fiche):
    with translation.override("en"):
        download = brochure_download(fiche)
    if download is None:
        pytest.skip("WeasyPrint n'est pas installé : pas de plaquette sur cette machine.")
    assert download["url"] == french("programme:brochure")
    assert download["in_french_only"]
    tree = parse_html(client.get(english("programme:presentation")))
    link = next(a for a in tree.iter("a") if a.get("href") == french("programme:brochure"))
    assert link.get("hreflang") == "fr"
    assert "in French" in text_of(link)


# --- The home page in English --------------------------------------------------------------


def test_the_english_home_page_shows_the_fiche_in_english(client, fiche):
    tree = parse_html(client.get(english("home")))
    hero = element_by_id(tree, "titre-page")
    assert text_of(hero) == "Public and Social Policy Engineering (IPPS)"
    assert hero.get("lang") is None
    assert english("programme:presentation") in links(element_by_id(tree, "contenu"))


def test_the_english_home_page_marks_the_french_name_and_leaves_out_the_missing_page(client, fiche):
    Programme.objects.filter(pk=fiche.pk).update(name_en="")
    tree = parse_html(client.get(english("home")))
    hero = element_by_id(tree, "titre-page")
    assert text_of(hero) == fiche.name and hero.get("lang") == "fr"
    page_links = links(tree.find(".//section[@aria-labelledby='titre-formation-en-bref']"))
    assert english("programme:presentation") not in page_links


# --- Queries -------------------------------------------------------------------------------


def test_the_english_pages_run_as_many_queries_as_the_french_ones(client, fiche, settings):
    settings.PAGE_CACHE_SECONDS = 0
    make_semester("Semestre 1", units=[("UE 1", "Sociologie", 30, 20, 10)])
    AdmissionPhase.objects.create(
        track="m1",
        label="Phase principale",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + timedelta(days=5),
    )
    for name in ("home", "programme:presentation", "programme:international"):
        counts = {}
        for language, url in (("fr", french(name)), ("en", english(name))):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[language] = len(queries.captured_queries)
        assert counts["fr"] == counts["en"], (name, counts)


def test_the_site_map_lists_the_english_parts_under_their_english_anchors(site_content):
    make_section("Partie non traduite", order=99)
    kind = next(kind for kind in content_kinds() if kind.key == "sections")
    with translation.override("en"):
        links_ = kind.site_map_links()
    page = english("programme:presentation")
    assert links_ == [
        ("1. Why this master's degree?", f"{page}#why-this-masters-degree"),
        ("2. Origins of the programme", f"{page}#origins-of-the-programme"),
    ]
    with translation.override("fr"):
        assert "3. Partie non traduite" in [label for label, _url in kind.site_map_links()]


def test_the_brochure_is_the_french_one_whatever_the_address(client, fiche):
    if brochure_download(fiche) is None:
        pytest.skip("WeasyPrint n'est pas installé : pas de plaquette sur cette machine.")
    french_pdf = client.get(french("programme:brochure"))
    english_pdf = client.get(english("programme:brochure"))
    assert english_pdf.status_code == 200
    assert english_pdf.content == french_pdf.content


def test_a_search_hit_in_the_english_fiche_leads_to_its_english_block(fiche):
    kind = next(kind for kind in content_kinds() if kind.key == "fiche")
    fiche.objectives = "<p>Conduite de projets hospitaliers.</p>"
    fiche.objectives_en = "<p>Leading welfare projects.</p>"
    fiche.save()
    with translation.override("en"):
        assert (
            kind.result_url(fiche, ["welfare"]) == f"{english('programme:presentation')}#objectifs"
        )
    with translation.override("fr"):
        url = kind.result_url(fiche, ["hospitaliers"])
        assert url == f"{french('programme:presentation')}#objectifs"


def test_demo_sections_exist_in_english_too(client, site_content):
    call_command("generate_demo_content", sections=4, stdout=io.StringIO())
    demo = demo_objects(Section)
    assert demo.count() == 4
    assert demo.in_language("en").count() == 4
    html = client.get(english("programme:presentation")).content.decode()
    assert "Demonstration part" in html and "Partie de démonstration" not in html


@pytest.mark.parametrize("url_name", ["programme:presentation", "programme:international"])
def test_the_switcher_record_names_the_same_page_in_the_other_language(client, fiche, url_name):
    record = client.get(french(url_name)).context["object"]
    assert record.has_translation("en")
    with translation.override("en"):
        assert record.get_absolute_url() == english(url_name)
    assert record.get_absolute_url() == french(url_name)
    Programme.objects.filter(pk=fiche.pk).update(name_en="")
    record = client.get(french(url_name)).context["object"]
    assert not record.has_translation("en")
    with translation.override("en"):
        assert reverse(record.translation_parent_url_name) == english("home")


def test_an_older_year_names_its_own_address_for_the_switcher(client, fiche):
    older = AcademicYear.objects.create(
        label="2020-2021", status=PublicationStatus.PUBLISHED, published_at=timezone.now()
    )
    Programme.objects.create(
        year=older, name="Ancienne fiche", name_en="Former fiche", degree="Master", pitch="."
    )
    record = client.get(french("programme:year", "2020-2021")).context["object"]
    with translation.override("en"):
        assert record.get_absolute_url() == english("programme:year", "2020-2021")
    # The current year's own address names /formation/, its canonical address.
    record = client.get(french("programme:year", fiche.year.label)).context["object"]
    with translation.override("en"):
        assert record.get_absolute_url() == english("programme:presentation")
