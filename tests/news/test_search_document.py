"""The stored search document (programme/search_document.py) of news items, on PostgreSQL.

SQLite has no `tsvector`: there the column stays empty and the search folds the text itself
(tests/pages/test_search.py covers it on both databases).
"""

import dataclasses
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import search as search_module
from core.registry import content_kinds
from core.search import search
from core.search_document import SEARCH_CONFIG, SearchDocumentField, fill_missing_search_documents
from news.models import NewsItem
from operations.demo import demo_objects
from tests.news.conftest import bulk_items

requires_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="Le document de recherche stocké (tsvector, index GIN) n'existe que sur PostgreSQL ; "
    "lancer avec DATABASE_URL=postgres://…",
)


def news_kind():
    return next(kind for kind in content_kinds() if kind.key == "news")


def document_matches(item, words):
    query = SearchQuery(words, config=SEARCH_CONFIG, search_type="websearch")
    return NewsItem.objects.filter(pk=item.pk, search_document=query).exists()


def test_every_kind_declaring_a_search_document_has_that_field():
    kinds = [kind for kind in content_kinds() if kind.search_vector_field]
    assert {kind.key for kind in kinds} >= {"news", "documents", "alumni"}
    for kind in kinds:
        field = kind.public_queryset().model._meta.get_field(kind.search_vector_field)
        assert isinstance(field, SearchDocumentField)


@requires_postgresql
@pytest.mark.django_db
def test_a_saved_item_gets_its_search_document_and_an_edit_updates_it(make_item):
    item = make_item(title="Journée portes ouvertes", body="<p>Rencontre des élèves.</p>")
    assert document_matches(item, "portes ouvertes")
    assert document_matches(item, "eleves")  # accents ignored, the body is in it

    item.title = "Soutenances de mémoire"
    item.save()

    assert document_matches(item, "soutenances")
    assert not document_matches(item, "portes ouvertes")


@requires_postgresql
@pytest.mark.django_db
def test_a_save_of_other_fields_only_keeps_the_search_document(make_item):
    item = make_item(title="Forum des métiers")
    item.location = "Amphi B"
    item.save(update_fields=["location"])
    assert document_matches(item, "forum metiers")


@requires_postgresql
@pytest.mark.django_db
def test_search_reads_the_stored_document_instead_of_analysing_every_body(make_item):
    make_item(title="Conférence sur insertion professionnelle")

    with CaptureQueriesContext(connection) as queries:
        _, groups = search("insertion")

    # The query of the news kind (the first query, which finds the kinds holding the
    # word, reads every kind's stored document too).
    news_sql = [
        query["sql"] for query in queries if query["sql"].startswith('SELECT "news_newsitem"')
    ]
    assert len(news_sql) == 1
    assert not [query for query in queries if "to_tsvector" in query["sql"]]
    assert '"news_newsitem"."search_document" @@' in news_sql[0]
    assert "to_tsvector" not in news_sql[0]
    titles = [
        result.title for group in groups if group.kind.key == "news" for result in group.results
    ]
    assert titles == ["Conférence sur <mark>insertion</mark> professionnelle"]


@requires_postgresql
@pytest.mark.django_db
def test_stored_document_finds_and_ranks_as_the_text_analysed_at_query_time(make_item):
    make_item(title="Rencontre", summary="Le master accueille ses anciens.")
    make_item(title="Le master fête ses vingt ans", body="<p>Toute la promotion.</p>")
    make_item(title="Stage", body="<p>Le stage du master, le master en pratique.</p>")
    make_item(title="Sans rapport", body="<p>Rien ici.</p>")
    stored = news_kind()
    computed = dataclasses.replace(stored, search_vector_field=None)

    def titles(kind):
        return [item.title for item in search_module._matching(kind, "master", ["master"])]

    assert titles(stored) == titles(computed)
    assert titles(stored)[0] == "Le master fête ses vingt ans"  # title weighs more
    assert len(titles(stored)) == 3


@requires_postgresql
@pytest.mark.django_db
def test_items_written_in_bulk_are_found_once_their_documents_are_filled(category):
    bulk_items(category, 5)
    assert not NewsItem.objects.filter(search_document__isnull=False).exists()

    assert fill_missing_search_documents() == 5

    _, groups = search("nombre")
    assert [len(group.results) for group in groups if group.kind.key == "news"] == [5]


@requires_postgresql
@pytest.mark.django_db
def test_the_refresh_command_recomputes_every_document(make_item):
    item = make_item(title="Séminaire de rentrée")
    NewsItem.objects.filter(pk=item.pk).update(title="Séminaire de clôture")
    assert not document_matches(item, "cloture")

    output = StringIO()
    call_command("refresh_search_documents", stdout=output)

    assert document_matches(item, "cloture")
    assert "news : 1 document(s) de recherche recalculé(s)" in output.getvalue()


@requires_postgresql
@pytest.mark.django_db
def test_the_demo_generator_leaves_every_news_item_findable():
    call_command("generate_demo_content", news=20, stdout=StringIO())
    assert demo_objects(NewsItem).count() == 20
    assert not NewsItem.objects.filter(search_document__isnull=True).exists()


@requires_postgresql
@pytest.mark.django_db
def test_equally_ranked_items_come_newest_first(make_item):
    now = timezone.now()
    for days in (30, 1, 10):
        make_item(title=f"Réunion du master (J-{days})", published_at=now - timedelta(days=days))

    _, groups = search("master")

    titles = [
        result.title for group in groups if group.kind.key == "news" for result in group.results
    ]
    assert titles == [f"Réunion du <mark>master</mark> (J-{days})" for days in (1, 10, 30)]
