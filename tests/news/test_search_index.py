"""The search index of news items follows every write, and never shows a draft.

On SQLite the index is the FTS5 table `core_search_fts` (core/search_document.py), kept
beside the records by save and delete signals and by `fill_missing_search_documents` after
bulk writes; on PostgreSQL it is the GIN-indexed `tsvector` column. The behaviour tests run
on both; those about the FTS5 table itself only on SQLite.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import search as search_module
from core.publication import PublicationStatus
from core.registry import content_kinds
from core.search import search
from core.search_document import FTS_TABLE, fill_missing_search_documents, fts_rowid_base
from news.models import NewsItem
from tests.news.conftest import bulk_items

on_sqlite = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="La table FTS5 n'existe que sur SQLite.",
)
on_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="Le plafond des résultats classés ne concerne que PostgreSQL.",
)


def news_kind():
    return next(kind for kind in content_kinds() if kind.key == "news")


def found_titles(query):
    _, groups = search(query)
    return [
        result.title.replace("<mark>", "").replace("</mark>", "")
        for group in groups
        if group.kind.key == "news"
        for result in group.results
    ]


def index_rows(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT title, body FROM {FTS_TABLE} WHERE rowid = %s",
            [fts_rowid_base(news_kind()) + pk],
        )
        return cursor.fetchall()


@pytest.mark.django_db
def test_an_edit_is_found_at_once_and_the_old_words_no_more(make_item):
    item = make_item(title="Journée portes ouvertes", body="<p>Rencontre des élèves.</p>")
    assert found_titles("portes ouvertes") == ["Journée portes ouvertes"]
    assert found_titles("eleves") == ["Journée portes ouvertes"]

    item.title = "Soutenances de mémoire"
    item.save()

    assert found_titles("soutenances memoire") == ["Soutenances de mémoire"]
    assert found_titles("portes ouvertes") == []


@pytest.mark.django_db
def test_a_deleted_item_is_no_longer_found(make_item):
    item = make_item(title="Conférence zorglub")
    assert found_titles("zorglub") == ["Conférence zorglub"]
    pk = item.pk

    item.delete()

    assert found_titles("zorglub") == []
    if connection.vendor == "sqlite":
        assert index_rows(pk) == []  # its entry went with it, not left for a reused key


@pytest.mark.django_db
def test_a_draft_is_never_found_until_published_and_not_after_unpublishing(make_item):
    item = make_item(title="Séminaire zorglub", status=PublicationStatus.DRAFT)
    assert found_titles("zorglub") == []

    item.status = PublicationStatus.PUBLISHED
    item.published_at = timezone.now() - timedelta(minutes=1)
    item.save()
    assert found_titles("zorglub") == ["Séminaire zorglub"]

    item.status = PublicationStatus.DRAFT
    item.save()
    assert found_titles("zorglub") == []


@pytest.mark.django_db
def test_a_scheduled_item_is_found_once_its_date_has_come_without_any_write(make_item):
    item = make_item(title="Colloque zorglub", published_at=timezone.now() + timedelta(hours=2))
    assert found_titles("zorglub") == []

    # Time passing is not a write: no signal, the index is left as it is.
    NewsItem.objects.filter(pk=item.pk).update(published_at=timezone.now() - timedelta(minutes=1))

    assert found_titles("zorglub") == ["Colloque zorglub"]


@pytest.mark.django_db
def test_bulk_created_items_are_found_once_the_missing_documents_are_filled(category):
    bulk_items(category, 3)
    assert found_titles("nombre") == []  # bulk_create sends no signal

    assert fill_missing_search_documents() >= 3

    assert len(found_titles("nombre")) == 3


@on_sqlite
@pytest.mark.django_db
def test_the_index_holds_the_folded_text_without_markup(make_item):
    item = make_item(
        title="Œuvres des Élèves", summary="Chapô", body="<p><strong>Insertions</strong></p>"
    )
    [(title, body)] = index_rows(item.pk)
    assert title == "oeuvres des eleves"
    assert "strong" not in body and "insertions" in body

    assert found_titles("oeuvre") == ["Œuvres des Élèves"]  # a word's beginning is enough
    assert found_titles("insertion ELEVES") == ["Œuvres des Élèves"]


@on_sqlite
@pytest.mark.django_db
def test_items_deleted_without_signals_leave_the_index_when_filled_again(make_item):
    item = make_item(title="Atelier zorglub")
    NewsItem.objects.filter(pk=item.pk)._raw_delete(connection.alias)
    assert index_rows(item.pk)

    fill_missing_search_documents()

    assert index_rows(item.pk) == []


@on_sqlite
@pytest.mark.django_db
def test_every_kind_is_searched_in_the_fts_index_not_by_folding_every_row(make_item):
    make_item(title="Forum zorglub")

    with CaptureQueriesContext(connection) as queries:
        search("zorglub forum")

    # One query asks the index which kinds hold the words, then each of those (here the
    # news alone) is read through it.
    sql = [query["sql"] for query in queries]
    assert len(sql) == 2
    assert all(f"{FTS_TABLE} MATCH" in query for query in sql)
    assert not [query for query in sql if "ipps_search_text" in query]


@on_sqlite
@pytest.mark.django_db
def test_a_query_without_any_letter_finds_nothing_and_does_not_fail(make_item):
    make_item(title="Forum zorglub")
    assert search("-- && ** ''")[1] == []


@pytest.mark.django_db
def test_a_title_match_ranks_before_a_match_in_the_text(make_item):
    make_item(title="Journée d'étude", summary="Un colloque sur le zorglub.")
    make_item(title="Le zorglub en question", summary="Une journée d'étude.")

    assert found_titles("zorglub")[0] == "Le zorglub en question"


@on_postgresql
@pytest.mark.django_db
def test_a_word_in_many_items_ranks_the_newest_ones_in_the_same_queries(
    make_item, category, monkeypatch
):
    monkeypatch.setattr(search_module, "RANKED_CANDIDATES", 20)
    make_item(title="Un nombre", published_at=timezone.now() - timedelta(days=400))
    with CaptureQueriesContext(connection) as few:
        search("nombre")
    bulk_items(category, 30)
    fill_missing_search_documents()
    # Newer than all the bulk items, its title holds the word: ranked first.
    make_item(title="Le nombre d'inscrits", published_at=timezone.now())
    with CaptureQueriesContext(connection) as many:
        _, groups = search("nombre")

    [news] = [group for group in groups if group.kind.key == "news"]
    assert news.has_more and len(news.results) == search_module.RESULTS_PER_KIND
    assert "Le <mark>nombre</mark> d&#x27;inscrits" in news.results[0].title
    assert len(many) == len(few)


@pytest.mark.django_db
def test_the_refresh_command_follows_a_text_written_by_update(make_item):
    item = make_item(title="Séminaire de rentrée")
    NewsItem.objects.filter(pk=item.pk).update(title="Séminaire de clôture")
    assert found_titles("cloture") == []  # update() sends no signal

    output = StringIO()
    call_command("refresh_search_documents", stdout=output)

    assert found_titles("cloture") == ["Séminaire de clôture"]
    assert found_titles("rentree") == []
    assert "news : 1 document(s) de recherche recalculé(s)" in output.getvalue()


def test_every_kind_has_its_own_range_of_index_rows():
    """Each kind's number is a checksum of its key: two kinds must never share one."""
    bases = [fts_rowid_base(kind) for kind in content_kinds()]
    assert len(set(bases)) == len(bases)
