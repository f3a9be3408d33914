"""Search in both languages: French pages search the French text, English pages the English
text (English stemming), among the records that exist in English, with English addresses.

Runs on SQLite (FTS5, porter stemming for English) and, with DATABASE_URL=postgres://…, on
PostgreSQL (stored documents, english_unaccent configuration).
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.registry import content_kinds
from core.search import search
from core.search_document import (
    ENGLISH_FTS_TABLE,
    fill_missing_search_documents,
    fts_rowid_base,
    fts_tables,
)
from news.models import NewsItem
from pages.models import Page, PageSlug
from tests.html import has_class, parse_html, text_of
from tests.languages import address_in, url_in
from tests.pages.test_search_everything import make_alumnus, make_document, make_news

pytestmark = pytest.mark.django_db

is_postgresql = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
requires_postgresql = pytest.mark.skipif(
    not is_postgresql, reason="Les documents de recherche stockés n'existent que sur PostgreSQL."
)
requires_sqlite = pytest.mark.skipif(
    is_postgresql, reason="Les tables FTS5 n'existent que sur SQLite."
)


def hits(client, language, query):
    """{kind key: [(title, address)]} of the results page in `language`."""
    response = client.get(url_in(language, "search"), {"q": query})
    assert response.status_code == 200
    groups = {}
    for section in parse_html(response).iter("section"):
        if has_class(section, "search-group"):
            key = section.get("aria-labelledby").removeprefix("resultats-")
            groups[key] = [(text_of(link), link.get("href")) for link in section.iter("a")]
    return groups


def test_each_language_searches_its_own_text(client):
    item = make_news(
        "Journée portes ouvertes",
        title_en="Open day",
        summary="Rencontrez l'équipe pédagogique.",
        summary_en="Meet the teaching staff.",
    )
    assert hits(client, "fr", "pédagogique")["news"] == [
        ("Journée portes ouvertes", address_in("fr", item))
    ]
    assert "news" not in hits(client, "fr", "teaching")
    assert hits(client, "en", "teaching")["news"] == [("Open day", address_in("en", item))]
    assert "news" not in hits(client, "en", "pédagogique")


def test_english_search_finds_only_records_that_exist_in_english(client):
    make_news("Soutenances de juin", summary="Les soutenances du parcours.")
    make_document("Calendrier des soutenances")
    assert set(hits(client, "fr", "soutenances")) >= {"news", "documents"}
    assert hits(client, "en", "soutenances") == {}


def test_english_search_stems_english_words(client):
    make_news("Cours d'été", title_en="Summer course")
    make_news("Stages", title_en="Internships", summary_en="Applicants are welcome.")
    assert [title for title, _url in hits(client, "en", "courses")["news"]] == ["Summer course"]
    assert [title for title, _url in hits(client, "en", "applicant")["news"]] == ["Internships"]


def test_english_fields_left_empty_are_searched_in_french(client):
    # The English page shows the French text where the English one is empty: so does search.
    item = make_news("Conférence", title_en="Lecture", body="<p>Intervention du préfet.</p>")
    assert hits(client, "en", "préfet")["news"] == [("Lecture", address_in("en", item))]


def test_english_documents_are_found_by_their_english_title_and_description(client):
    make_document(
        "Dossier de candidature",
        title_en="Application form",
        description_en="To be sent before the deadline.",
    )
    assert [title for title, _ in hits(client, "en", "deadline")["documents"]] == [
        "Application form"
    ]


def test_alumni_are_found_by_name_in_both_languages(client):
    alumnus = make_alumnus("Chargée de mission")
    for language in ("fr", "en"):
        found = hits(client, language, alumnus.last_name)
        assert [title for title, _ in found["alumni"]] == [alumnus.full_name]


def test_fixed_pages_are_found_in_english(client, site_content):
    found = hits(client, "en", "cookie")
    assert ("Personal data", address_in("en", Page.objects.get(slug=PageSlug.PRIVACY))) in (
        found["pages"]
    )


def test_english_search_results_use_english_excerpts():
    make_news("Offre de stage", title_en="Internship offer", summary_en="A paid internship.")
    _query, groups = search("internship", language="en")
    [group] = [group for group in groups if group.kind.key == "news"]
    assert str(group.results[0].excerpt) == "A paid <mark>internship</mark>."


def test_an_english_search_runs_as_many_queries_as_a_french_one(client, site_content):
    make_news("Journée portes ouvertes", title_en="Open day")
    hits(client, "fr", "zorglub")  # what every page reads once per process (site identity)
    with CaptureQueriesContext(connection) as french:
        hits(client, "fr", "zorglub")
    with CaptureQueriesContext(connection) as english:
        hits(client, "en", "zorglub")
    assert len(english) == len(french)


@requires_postgresql
def test_english_search_reads_the_stored_english_documents(site_content):
    make_news("Journée portes ouvertes", title_en="Open day")
    with CaptureQueriesContext(connection) as queries:
        _query, groups = search("open day", language="en")
    assert [group.kind.key for group in groups] == ["news"]
    sql = [query["sql"] for query in queries]
    # The kinds holding the words are asked first, then each of them: every one of these
    # reads a stored English document, none analyses text at query time.
    assert not [query for query in sql if "to_tsvector" in query]
    assert any('"search_document_en" @@' in query for query in sql)
    assert all("english_unaccent" in query for query in sql if "search_document_en" in query)


@requires_postgresql
def test_the_english_document_follows_the_english_text():
    item = make_news("Conférence", title_en="Lecture")
    item.summary_en = "Policies for housing."
    item.save()
    assert NewsItem.objects.filter(search_document_en="housing").exists()
    NewsItem.objects.filter(pk=item.pk).update(search_document_en=None)
    assert fill_missing_search_documents() >= 1
    assert NewsItem.objects.filter(search_document_en="housing").exists()


def english_rows(kind_key, pk):
    [kind] = [kind for kind in content_kinds() if kind.key == kind_key]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT title, body FROM {ENGLISH_FTS_TABLE} WHERE rowid = %s",
            [fts_rowid_base(kind) + pk],
        )
        return cursor.fetchall()


@requires_sqlite
def test_sqlite_keeps_english_rows_beside_the_french_ones():
    item = make_news("Conférence", title_en="Lecture", summary="Un chapô.")
    pk = item.pk
    assert english_rows("news", pk) == [("lecture", "un chapo.  texte. ")]
    item.delete()
    assert english_rows("news", pk) == []


@requires_sqlite
def test_kinds_without_english_text_have_no_english_rows():
    [alumni] = [kind for kind in content_kinds() if kind.key == "alumni"]
    [news] = [kind for kind in content_kinds() if kind.key == "news"]
    assert ENGLISH_FTS_TABLE not in fts_tables(alumni)
    assert ENGLISH_FTS_TABLE in fts_tables(news)
