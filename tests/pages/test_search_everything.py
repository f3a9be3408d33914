"""Search over everything a visitor can read (issue 14): the current year's fiche, semesters,
teaching units and admission phases, the sections, fixed pages, news, documents (and the
text of their PDFs) and consenting alumni.

Runs on SQLite and, with DATABASE_URL=postgres://…, on PostgreSQL (stored documents).
"""

from datetime import date, timedelta
from itertools import count

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alumni.models import Alumnus, AlumnusStatus, Sector
from core.pdf import extract_pdf_text
from core.publication import PublicationStatus
from core.registry import content_kinds
from core.search import search
from documents.models import Category as DocumentCategory
from documents.models import Document
from documents.pdf_builder import build_pdf
from news.models import Category as NewsCategory
from news.models import NewsItem
from pages.models import Page
from programme.models import (
    AcademicYear,
    AdmissionPhase,
    AdmissionTrack,
    ContactRole,
    Course,
    Programme,
    ProgrammeContact,
    Section,
    Semester,
    SkillBlock,
    TeachingUnit,
)
from tests.html import has_class, links, parse_html, text_of

pytestmark = pytest.mark.django_db

SEARCH_URL = "/recherche/"
FORMATION = "/formation/"
PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT
_numbers = count(1)

requires_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="Les documents de recherche stockés n'existent que sur PostgreSQL.",
)


def hits(client, query):
    """{kind key: [(title, address)]} of the results page, in the order shown."""
    response = client.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200
    groups = {}
    for section in parse_html(response).iter("section"):
        if has_class(section, "search-group"):
            key = section.get("aria-labelledby").removeprefix("resultats-")
            groups[key] = [(text_of(link), link.get("href")) for link in section.iter("a")]
    return groups


def addresses(client, query, kind):
    return [url for _title, url in hits(client, query).get(kind, [])]


def group_headings(client, query):
    tree = parse_html(client.get(SEARCH_URL, {"q": query}))
    return [text_of(h2) for h2 in tree.iter("h2") if (h2.get("id") or "").startswith("resultats-")]


@pytest.fixture
def year(site_content):
    return AcademicYear.load_current()


@pytest.fixture
def fiche(year):
    return year.programme


def make_semester(title="Semestre 1", *, status=PUBLISHED, year=None, **fields):
    published_at = timezone.now() - timedelta(days=1) if status == PUBLISHED else None
    return Semester.objects.create(
        title=title, status=status, published_at=published_at, year=year, **fields
    )


def make_unit(semester, title="Politiques sociales", **fields):
    fields.setdefault("ects", 6)
    return TeachingUnit.objects.create(semester=semester, title=title, **fields)


def make_phase(year, label="Phase principale", **fields):
    fields.setdefault("track", AdmissionTrack.M1)
    fields.setdefault("opens_on", date(year.start_year, 3, 1))
    fields.setdefault("closes_on", date(year.start_year, 4, 30))
    return AdmissionPhase.objects.create(year=year, label=label, **fields)


def make_older_year(year, word):
    """The year before `year`, published, with its own fiche, semester and phase naming `word`."""
    older = AcademicYear.objects.create(
        label=f"{year.start_year - 1}-{year.start_year}",
        status=PUBLISHED,
        published_at=timezone.now() - timedelta(days=800),
    )
    # An explicit key: the initial fiche was inserted as pk=1, which leaves PostgreSQL's
    # sequence behind (programme/initial_content.py).
    next_pk = Programme.objects.order_by("-pk").values_list("pk", flat=True).first() + 1
    Programme.objects.create(
        pk=next_pk, year=older, name="IPPS", degree="Master", pitch=f"Année {word}."
    )
    semester = make_semester(f"Semestre {word}", year=older)
    make_unit(semester, f"Unité {word}")
    make_phase(older, f"Phase {word}")
    return older


def make_news(title, status=PUBLISHED, **fields):
    category, _ = NewsCategory.objects.get_or_create(
        slug="vie-du-master", defaults={"name": "Vie du master", "order": 1}
    )
    fields.setdefault("summary", "Un chapô.")
    fields.setdefault("body", "<p>Texte.</p>")
    published_at = timezone.now() - timedelta(hours=1) if status == PUBLISHED else None
    item = NewsItem(
        title=title, category=category, status=status, published_at=published_at, **fields
    )
    item.save()
    return item


def make_document(title, content=None, status=PUBLISHED, **fields):
    category, _ = DocumentCategory.objects.get_or_create(
        slug="candidature", defaults={"name": "Candidature", "order": 10}
    )
    published_at = timezone.now() - timedelta(hours=1) if status == PUBLISHED else None
    document = Document(
        title=title, category=category, status=status, published_at=published_at, **fields
    )
    content = content if content is not None else build_pdf(title, title=title)
    document.file = ContentFile(content, name=f"document-{next(_numbers)}.pdf")
    document.save()
    return document


def make_alumnus(position, consents_to_career=True):
    number = next(_numbers)
    sector = Sector.objects.get_or_create(name="Association", defaults={"order": 1})[0]
    alumnus = Alumnus(
        first_name=f"Prénom{number}",
        last_name=f"Nom{number}",
        cohort=2020,
        position=position,
        employer="Conseil départemental",
        sector=sector,
        city="Metz",
        email=f"ancien{number}@exemple.fr",
        status=AlumnusStatus.PUBLISHED,
        consents_to_name=True,
        consents_to_career=consents_to_career,
    )
    alumnus.save()
    return alumnus


# --- The registry --------------------------------------------------------------------


def test_every_kind_has_one_stored_search_document():
    for kind in content_kinds():
        assert kind.search_vector_field == "search_document", kind.key


def test_search_only_kinds_are_neither_in_sitemap_xml_nor_in_the_site_map(client, year, fiche):
    semester = make_semester("Semestre zorglub")
    make_unit(semester, "Unité zorglub")
    make_phase(year)

    sitemap = client.get(reverse("sitemap")).content.decode()
    site_map = client.get(reverse("site_map"))
    assert site_map.status_code == 200

    assert "#semestre-" not in sitemap and "#admission" not in sitemap
    assert f"{FORMATION}#semestre-{semester.pk}" not in links(parse_html(site_map))


# --- The current year's fiche, curriculum and admission --------------------------------


@pytest.mark.parametrize(
    ("field", "value", "query", "anchor"),
    [
        ("pitch", "Former des zorglubiens.", "zorglubiens", ""),
        ("objectives", "<p>Former des zorglubiens.</p>", "zorglubiens", "objectifs"),
        ("internship", "<p>Un stage de six mois.</p>", "stage", "organisation"),
        ("careers", "<p>Chargé de mission.</p>", "débouchés", "debouches"),
        ("admission_criteria", "<p>Projet professionnel.</p>", "candidatures", "admission"),
        ("french_certificates", "DELF B2, DALF C1", "DALF", "international"),
        ("disability_adjustments", "<p>Tiers-temps aux examens.</p>", "tiers-temps", "handicap"),
    ],
)
def test_a_word_of_the_fiche_finds_it_at_the_block_that_shows_it(
    client, fiche, field, value, query, anchor
):
    setattr(fiche, field, value)
    fiche.save()

    expected = f"{FORMATION}#{anchor}" if anchor else FORMATION
    assert addresses(client, query, "fiche") == [expected]


def test_ects_are_found_on_the_fiche_and_in_the_curriculum(client, fiche):
    fiche.ects = 120
    fiche.save()
    semester = make_semester()
    make_unit(semester, "Méthodes d'enquête", ects=6)

    found = hits(client, "ECTS")
    assert [url for _title, url in found["fiche"]] == [f"{FORMATION}#organisation"]
    assert found["teaching-units"] == [
        ("Méthodes d'enquête", f"{FORMATION}#semestre-{semester.pk}")
    ]


def test_the_fiche_follows_its_contacts_and_skill_blocks(client, fiche):
    contact = ProgrammeContact.objects.create(
        programme=fiche, role=ContactRole.RESPONSIBLE, name="Mme Zorglub", title="Maîtresse"
    )
    block = SkillBlock.objects.create(
        programme=fiche, code="RNCP35897BC01", title="Piloter un projet quadrimestriel"
    )
    assert addresses(client, "zorglub", "fiche") == [f"{FORMATION}#contacts"]
    assert addresses(client, "quadrimestriel", "fiche") == [f"{FORMATION}#certification"]

    contact.name = "M. Dupont"
    contact.save()
    block.delete()

    assert "fiche" not in hits(client, "zorglub")
    assert "fiche" not in hits(client, "quadrimestriel")
    assert addresses(client, "dupont", "fiche") == [f"{FORMATION}#contacts"]


def test_another_years_fiche_curriculum_and_phases_are_never_found(client, year, fiche):
    make_older_year(year, "zorglubienne")
    assert hits(client, "zorglubienne") == {}


def test_a_teaching_unit_is_found_by_its_title_code_and_courses_at_its_semester(client, year):
    semester = make_semester()
    unit = make_unit(semester, "Évaluation des politiques publiques", code="UE 7")
    course = Course.objects.create(unit=unit, title="Économétrie appliquée")
    place = f"{FORMATION}#semestre-{semester.pk}"

    assert hits(client, "evaluation politiques")["teaching-units"] == [
        ("Évaluation des politiques publiques", place)
    ]
    assert addresses(client, "économétrie", "teaching-units") == [place]

    course.title = "Statistique descriptive"
    course.save()
    assert "teaching-units" not in hits(client, "économétrie")
    assert addresses(client, "statistique", "teaching-units") == [place]

    course.delete()
    assert "teaching-units" not in hits(client, "statistique")


def test_units_and_semesters_of_a_draft_semester_are_never_found(client, year):
    draft = make_semester("Semestre zorglub", status=DRAFT)
    make_unit(draft, "Unité zorglub")
    scheduled = make_semester("Semestre zorglub prévu", status=DRAFT)
    Semester.objects.filter(pk=scheduled.pk).update(
        status=PUBLISHED, published_at=timezone.now() + timedelta(days=3)
    )

    assert hits(client, "zorglub") == {}


def test_a_semester_is_found_by_its_title_and_summary_at_its_anchor(client, year):
    semester = make_semester("Semestre 3", summary="Le semestre du mémoire de recherche.")
    assert hits(client, "mémoire")["semesters"] == [
        ("Semestre 3", f"{FORMATION}#semestre-{semester.pk}")
    ]


def test_an_admission_phase_is_found_by_its_label_track_and_notes(client, year):
    make_phase(year, "Phase complémentaire", notes="Lettre de motivation exigée.")

    for query in ["complémentaire", "MonMaster", "motivation", "candidature"]:
        assert addresses(client, query, "admission-phases") == [f"{FORMATION}#admission"], query


def test_the_words_visitors_type_find_something(client, year, fiche):
    fiche.ects = 120
    fiche.internship = "<p>Six mois en collectivité.</p>"
    fiche.careers = "<p>Chargé de mission.</p>"
    fiche.audience = "<p>Licence de sociologie.</p>"
    fiche.save()
    semester = make_semester()
    unit = make_unit(semester, "Sociologie de l'action publique")
    make_phase(year)

    for query in ["admission", "candidature", "stage", "débouchés", "ECTS", unit.title]:
        assert hits(client, query), query


def test_hits_say_their_kind(client, year, fiche):
    fiche.pitch = "Un master zorglub."
    fiche.save()
    make_unit(make_semester("Semestre zorglub"), "Unité zorglub")
    make_phase(year, "Phase zorglub")

    assert group_headings(client, "zorglub") == [
        "Fiche formation",
        "Semestres",
        "Unités d'enseignement",
        "Candidatures",
    ]


# --- Sections, fixed pages, news, documents, alumni --------------------------------------


def test_a_section_is_found_at_its_anchor_and_a_draft_one_never(client, site_content):
    section = Section.objects.create(
        title="Partenariats", body="<p>Avec les collectivités zorglubiennes.</p>", status=PUBLISHED
    )
    Section.objects.create(title="Brouillon", body="<p>Zorglubiennes.</p>", status=DRAFT)

    assert hits(client, "zorglubiennes") == {
        "sections": [("Partenariats", f"{FORMATION}#{section.slug}")]
    }


def test_a_fixed_pages_directions_are_found(client, site_content):
    page = Page.objects.get(slug="mentions-legales")
    page.directions = "<p>Prendre le bus zorglub.</p>"
    page.save()
    assert addresses(client, "zorglub", "pages") == ["/mentions-legales/"]


def test_a_news_item_is_found_by_its_body_and_a_draft_never(client, site_content):
    item = make_news("Rentrée", body="<p>Accueil des zorglubiens.</p>")
    make_news("Brouillon", body="<p>Zorglubiens.</p>", status=DRAFT)
    assert addresses(client, "zorglubiens", "news") == [item.get_absolute_url()]


def test_a_document_is_found_by_the_text_of_its_pdf(client, site_content):
    document = make_document(
        "Règlement des études", content=build_pdf("Modalites de controle zorglubiennes")
    )
    make_document("Brouillon", content=build_pdf("Zorglubiennes"), status=DRAFT)

    assert "zorglubiennes" in document.pdf_text.lower()
    assert hits(client, "zorglubiennes") == {
        "documents": [("Règlement des études", document.get_absolute_url())]
    }


def test_a_broken_pdf_saves_with_no_text_and_is_found_by_its_title(client, site_content):
    document = make_document("Calendrier zorglub", content=b"%PDF-1.7\n\x00 pas un PDF %%EOF")

    document.refresh_from_db()
    assert document.pdf_text == ""
    assert addresses(client, "zorglub", "documents") == [document.get_absolute_url()]


def test_the_pdf_text_is_bounded():
    content = build_pdf("Un texte assez long pour etre coupe")
    assert extract_pdf_text(content, max_length=8) == "Un texte"
    assert extract_pdf_text(b"rien") == ""


def test_an_alumnus_is_found_by_position_only_with_consent(client, site_content):
    found = make_alumnus("Chargée de mission zorglub")
    make_alumnus("Directeur zorglub", consents_to_career=False)
    assert addresses(client, "zorglub", "alumni") == [found.get_absolute_url()]


# --- A constant number of queries ------------------------------------------------------


def make_one_of_each_kind(year, number):
    word = "zorglub"
    semester = make_semester(f"Semestre {word} {number}")
    unit = make_unit(semester, f"Unité {word} {number}")
    Course.objects.create(unit=unit, title=f"Cours {word}")
    make_phase(year, f"Phase {word} {number}")
    Section.objects.create(title=f"Partie {word} {number}", status=PUBLISHED)
    make_news(f"Actualité {word} {number}")
    make_document(f"Document {word} {number}")
    make_alumnus(f"Chargé de mission {word}")


def test_a_search_runs_the_same_queries_for_one_or_many_records_of_each_kind(client, year):
    fiche = year.programme
    fiche.pitch = "Un master zorglub."
    fiche.save()
    make_one_of_each_kind(year, 0)
    client.get(SEARCH_URL, {"q": "zorglub"})  # warms the identity cache
    with CaptureQueriesContext(connection) as small:
        found = hits(client, "zorglub")
    assert set(found) == {kind.key for kind in content_kinds()} - {"pages"}

    for number in range(1, 15):
        make_one_of_each_kind(year, number)
    with CaptureQueriesContext(connection) as large:
        found = hits(client, "zorglub")

    assert len(small) == len(large)
    assert max(len(results) for results in found.values()) == 10


@requires_postgresql
def test_every_kind_is_searched_through_its_stored_document(year):
    fiche = year.programme
    fiche.pitch = "Un master zorglub."
    fiche.save()
    make_one_of_each_kind(year, 0)

    with CaptureQueriesContext(connection) as queries:
        search("zorglub")

    # One query finds which kinds hold the word (all but the fixed pages), then one query
    # for each of them.
    sql = [query["sql"] for query in searches(queries)]
    assert len(sql) == 1 + len(content_kinds()) - 1
    assert not [query for query in sql if "to_tsvector" in query]
    # The first query runs the statement prepared on this connection's first search.
    assert "EXECUTE ipps_search_kinds_fr_" in sql[0]
    assert all('"search_document" @@' in query for query in sql[1:])


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_kinds_statement_is_prepared_once_per_database_connection(year):
    make_news("Rentrée zorglub", body="<p>Accueil des étudiants.</p>")

    def kinds_query(words):
        with CaptureQueriesContext(connection) as queries:
            groups = search(words)[1]
        return searches(queries)[0]["sql"], [group.kind.key for group in groups]

    connection.close()
    first, found = kinds_query("zorglub")
    assert first.startswith("PREPARE ipps_search_kinds_fr_")
    assert '"news_newsitem"' in first and "websearch_to_tsquery($1::regconfig, $2)" in first
    assert found == ["news"]
    again, found = kinds_query("accueil zorglub")
    assert again.startswith("SET LOCAL") and found == ["news"]
    # A new connection (the old one lost or closed) prepares it again.
    connection.close()
    after, found = kinds_query("zorglub")
    assert after.startswith("PREPARE") and found == ["news"]
    assert kinds_query("xylophagie")[1] == []


def test_words_found_nowhere_cost_one_query_whatever_the_number_of_kinds(site_content):
    # Most searches find nothing in most kinds: the index says so in one query, before any
    # kind's own query is built.
    make_news("Rentrée", body="<p>Accueil des étudiants.</p>")
    with CaptureQueriesContext(connection) as queries:
        assert search("xylophagie brouzoufs")[1] == []
    assert len(searches(queries)) == 1
    with CaptureQueriesContext(connection) as queries:
        assert [group.kind.key for group in search("accueil etudiants")[1]] == ["news"]
    assert len(searches(queries)) < 1 + len(content_kinds())


def searches(queries):
    # On PostgreSQL inside a transaction (every test), the planner setting of the first
    # query is put back by a statement of its own.
    return [query for query in queries if not query["sql"].endswith("TO DEFAULT")]


def test_a_kind_found_only_in_drafts_shows_nothing(client, site_content):
    # The first query looks at every record, drafts included: what visitors see is still
    # decided by each kind's own query.
    make_news("Brouillon", body="<p>Les xylophages.</p>", status=DRAFT)
    make_document("Document xylophage", status=DRAFT)
    assert hits(client, "xylophages") == {}
