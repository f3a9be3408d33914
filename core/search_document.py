"""The stored search document of a model: its searched text already analysed, and indexed.

On PostgreSQL a `tsvector` column with a GIN index, so a search reads an index instead of
analysing every row's title and body at each query. On SQLite that column stays empty and
the document lives in one FTS5 table, `core_search_fts` (created by core migration 0003 on
SQLite only): each record of a kind is one row of it, its text folded as `fold()` does
(accents, case), the title apart so that a match there ranks first. Its rowid is the
record's key plus a number proper to the kind (`fts_rowid_base`), so that one table serves
every kind and a search reads the FTS index, never every row's text.

The index holds drafts too: what the public may see is decided at query time by the kind's
public queryset, so publishing, unpublishing or a scheduled date coming need no update.

English (core/translation.py): a kind whose searched fields have English twins gets a second
document of the same fields in English, each English field falling back to its French text
when empty (what the English page shows is what English search finds): on PostgreSQL the
column `<search_vector_field>_en` analysed with English stemming (`english_unaccent`); on
SQLite the FTS5 table `core_search_fts_en`, whose porter tokenizer stems English words. Kinds
without twins (alumni: names and employers) are searched in the same document in both
languages. The English fields are derived from the model's `translated_fields`: a kind
registers its French `search_fields` only.
"""

import zlib

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, migrations
from django.db.models import F, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from core.folding import fold, searchable_text
from core.registry import content_kinds, content_model_labels
from core.translation import ENGLISH, SOURCE_LANGUAGE, english_name

# Created by programme migration 0007: French stemming, accents ignored.
SEARCH_CONFIG = "french_unaccent"
# Created by core migration 0004: English stemming, accents ignored.
ENGLISH_SEARCH_CONFIG = "english_unaccent"
SEARCH_CONFIGS = {SOURCE_LANGUAGE: SEARCH_CONFIG, ENGLISH: ENGLISH_SEARCH_CONFIG}


class SearchDocumentField(SearchVectorField):
    """`tsvector` on PostgreSQL, `text` elsewhere (never filled there), empty until saved."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("document de recherche"))
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


def gin_index_operation(table, column):
    """Migration operation creating the GIN index of `table.column` on PostgreSQL only.

    The index stays out of the models' Meta on purpose: SQLite rebuilds a whole table for
    many schema changes and would then try to recreate a GIN index it cannot have.
    """
    name = f"{table}_{column}_gin"

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            quote = schema_editor.quote_name
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} "
                f"USING gin ({quote(column)})"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    return migrations.RunPython(create, drop, elidable=False)


def weighted_vector(search_fields, config=SEARCH_CONFIG):
    """The search document of `search_fields` (names or expressions): weight A for the
    first (the title), B for the others, so that a match in the title ranks first."""
    vector = SearchVector(search_fields[0], weight="A", config=config)
    if len(search_fields) > 1:
        vector += SearchVector(*search_fields[1:], weight="B", config=config)
    return vector


def english_text(field_name):
    """The English twin of a field, or its French text where the twin is empty (SQL)."""
    text = TextField()
    english = NullIf(F(english_name(field_name)), Value(""), output_field=text)
    return Coalesce(english, F(field_name), output_field=text)


def texts_in_language(search_fields, translated, language):
    """The searched fields in `language`: the French names, or in English the twin (with
    its French fallback) of each field in `translated`."""
    if language == SOURCE_LANGUAGE:
        return list(search_fields)
    return [english_text(name) if name in translated else name for name in search_fields]


def fill_operation(
    app_label, model_name, column, search_fields, language=SOURCE_LANGUAGE, translated=()
):
    """Migration operation filling the search document of the rows already there
    (PostgreSQL only). The fields are written out in the migration, as they were then: for
    an English document, `translated` names those that had an English twin."""

    def fill(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(app_label, model_name)
        rows = model._default_manager.using(schema_editor.connection.alias)
        texts = texts_in_language(search_fields, translated, language)
        rows.update(**{column: weighted_vector(texts, SEARCH_CONFIGS[language])})

    return migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)


_kind_models = {}


def kind_model(kind):
    # Building the kind's queryset to learn its model costs more than a search's query:
    # found once per process for each `public_queryset` (held here, so never another's).
    if kind.public_queryset not in _kind_models:
        _kind_models[kind.public_queryset] = kind.public_queryset().model
    return _kind_models[kind.public_queryset]


def translated_search_fields(kind):
    """The kind's searched fields that have an English twin (`translated_fields`)."""
    translated = set(getattr(kind_model(kind), "translated_fields", ()))
    return tuple(name for name in kind.search_fields if name in translated)


def search_texts(kind, language):
    """The kind's searched text in `language`, field by field (names or expressions)."""
    return texts_in_language(kind.search_fields, translated_search_fields(kind), language)


def document_language(kind, language):
    """The language whose document answers a search of `kind` in `language`: the French
    one serves kinds that have nothing in English (names, employers)."""
    if language == SOURCE_LANGUAGE or not translated_search_fields(kind):
        return SOURCE_LANGUAGE
    return ENGLISH


def stored_document_column(kind, language):
    """The column holding the kind's stored document in `language` (PostgreSQL), or None
    when that language's document is analysed at query time (no such column declared)."""
    if not kind.search_vector_field:
        return None
    if document_language(kind, language) == SOURCE_LANGUAGE:
        return kind.search_vector_field
    column = english_name(kind.search_vector_field)
    try:
        kind_model(kind)._meta.get_field(column)
    except FieldDoesNotExist:
        return None
    return column


def _stored_documents(kind):
    """{column: language} of every stored document of the kind."""
    documents = {kind.search_vector_field: SOURCE_LANGUAGE}
    english_column = stored_document_column(kind, ENGLISH)
    if english_column and english_column != kind.search_vector_field:
        documents[english_column] = ENGLISH
    return documents


def _indexed_fields(kind):
    """Every field whose change changes a document of the kind."""
    return {
        *kind.search_fields,
        *(english_name(name) for name in translated_search_fields(kind)),
        *_stored_documents(kind),
    }


def kinds_with_search_document(model=None):
    """The registered kinds that declare a search document (of `model` only, if given)."""
    kinds = [kind for kind in content_kinds() if kind.search_vector_field]
    if model is not None:
        kinds = [kind for kind in kinds if kind_model(kind) is model]
    return kinds


def refresh_search_documents(kind, rows=None, using="default"):
    """Recompute the search document of `rows` (default: every record of the kind's model,
    drafts included): one UPDATE on PostgreSQL, the rows' entries of the FTS5 table
    rewritten on SQLite. Returns the row count."""
    vendor = connections[using].vendor
    if rows is None:
        rows = kind_model(kind)._default_manager.all()
    rows = rows.using(using)
    if vendor == "postgresql":
        return rows.update(
            **{
                column: weighted_vector(search_texts(kind, language), SEARCH_CONFIGS[language])
                for column, language in _stored_documents(kind).items()
            }
        )
    if vendor == "sqlite":
        return _write_fts_rows(kind, rows, using)
    return 0


def update_search_document_after_save(sender, instance, using, update_fields=None, **kwargs):
    """`post_save` receiver: the saved record's search document follows its text.

    `Model.save()` writes the column as empty (the value cannot be computed in Python), and
    this one UPDATE fills it again, in the same transaction when the save is in one.
    """
    if connections[using].vendor not in {"postgresql", "sqlite"}:
        return
    if sender._meta.label_lower not in content_model_labels():
        return  # sessions, accounts, logs…: saved at every request, never searched
    model = sender._meta.concrete_model
    for kind in kinds_with_search_document(model):
        fields = _indexed_fields(kind)
        if update_fields is not None and not fields.intersection(update_fields):
            continue  # neither the text nor the column was written: still right
        refresh_search_documents(kind, model._default_manager.filter(pk=instance.pk), using)


def fill_missing_search_documents(using="default"):
    """Fill the search documents left empty by bulk writes (`bulk_create` sends no signal);
    on SQLite also drop the index entries of records gone without a signal (a flush)."""
    filled = 0
    vendor = connections[using].vendor
    for kind in kinds_with_search_document():
        manager = kind.public_queryset().model._default_manager
        missing = Q()
        if vendor == "sqlite":
            for table in fts_tables(kind):
                _drop_orphan_fts_rows(kind, table, using)
                indexed = RawSQL(
                    f"SELECT rowid - %s FROM {table} WHERE rowid BETWEEN %s AND %s",
                    fts_rowid_range(kind, with_base=True),
                )
                missing |= ~Q(pk__in=indexed)
        else:
            for column in _stored_documents(kind):
                missing |= Q(**{f"{column}__isnull": True})
        empty = manager.filter(missing)
        filled += refresh_search_documents(kind, empty, using)
    return filled


def fill_after_migrate(sender, using="default", **kwargs):
    """`post_migrate` receiver: records written by data migrations (no signal reaches this
    module for historical models) and tables emptied by a flush get their index entries."""
    if connections[using].vendor == "sqlite" and sender.label == "core":
        fill_missing_search_documents(using)


def remove_search_document_after_delete(sender, instance, using, **kwargs):
    """`post_delete` receiver: on SQLite the deleted record leaves the FTS5 table (on
    PostgreSQL its document went with its row)."""
    if connections[using].vendor != "sqlite" or (
        sender._meta.label_lower not in content_model_labels()
    ):
        return
    for kind in kinds_with_search_document(sender._meta.concrete_model):
        with connections[using].cursor() as cursor:
            for table in fts_tables(kind):
                cursor.execute(
                    f"DELETE FROM {table} WHERE rowid = %s", [fts_rowid_base(kind) + instance.pk]
                )


# --- SQLite: the FTS5 table ------------------------------------------------------------------

FTS_TABLE = "core_search_fts"
# The English documents of the kinds that have any (core migration 0004); a record keeps
# the same rowid in both tables.
ENGLISH_FTS_TABLE = "core_search_fts_en"
FTS_TABLES = {SOURCE_LANGUAGE: FTS_TABLE, ENGLISH: ENGLISH_FTS_TABLE}
# Keys of a kind's records stay below 2**32; the kind's number fills the bits above.
_KEY_SPAN = 2**32


def fts_rowid_base(kind):
    """The number added to a record's key to make its rowid: a checksum of the kind's key,
    the same in every process (a kind has no number stored anywhere)."""
    return (zlib.crc32(kind.key.encode()) & 0x7FFF_FFFF) * _KEY_SPAN


def fts_rowid_range(kind, with_base=False):
    base = fts_rowid_base(kind)
    bounds = [base, base + _KEY_SPAN - 1]
    return [base, *bounds] if with_base else bounds


def fts_match_expression(terms):
    """An FTS5 query: every term, as a prefix (« insertion » finds « insertions », as the
    stemming does on PostgreSQL), folded as the indexed text; None if no term has a word."""
    phrases = []
    for term in terms:
        folded = fold(term)
        if not any(char.isalnum() for char in folded):
            return None
        phrases.append('"{}"*'.format(folded.replace('"', '""')))
    return " AND ".join(phrases) if phrases else None


def fts_tables(kind):
    """The FTS5 tables holding documents of the kind: French, and English if it has any."""
    if document_language(kind, ENGLISH) == ENGLISH:
        return [FTS_TABLE, ENGLISH_FTS_TABLE]
    return [FTS_TABLE]


def fts_table(kind, language):
    """The FTS5 table a search of `kind` in `language` reads."""
    return FTS_TABLES[document_language(kind, language)]


def create_fts_table(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )


def drop_fts_table(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def create_english_fts_table(apps, schema_editor):
    # Porter stems English words, in the index and in the query (« courses » finds
    # « course »); the text is folded as the French table's.
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {ENGLISH_FTS_TABLE} USING fts5("
            "title, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )


def drop_english_fts_table(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {ENGLISH_FTS_TABLE}")


def _write_fts_rows(kind, rows, using):
    base = fts_rowid_base(kind)
    translated = translated_search_fields(kind)
    twins = [english_name(name) for name in translated]
    entries = {table: [] for table in fts_tables(kind)}
    for pk, *values in rows.order_by().values_list("pk", *kind.search_fields, *twins):
        count = len(kind.search_fields)
        french = dict(zip(kind.search_fields, values[:count], strict=True))
        english = dict(zip(translated, values[count:], strict=True))
        texts = {FTS_TABLE: [french[name] for name in kind.search_fields]}
        if ENGLISH_FTS_TABLE in entries:
            texts[ENGLISH_FTS_TABLE] = [english.get(name) or french[name] for name in french]
        for table, (title, *others) in texts.items():
            body = " ".join(searchable_text(value) for value in others if value)
            entries[table].append((base + pk, searchable_text(title) or "", body))
    with connections[using].cursor() as cursor:
        for table, rows_of_table in entries.items():
            cursor.executemany(
                f"DELETE FROM {table} WHERE rowid = %s", [e[:1] for e in rows_of_table]
            )
            cursor.executemany(
                f"INSERT INTO {table} (rowid, title, body) VALUES (%s, %s, %s)", rows_of_table
            )
    return len(entries[FTS_TABLE])


def _drop_orphan_fts_rows(kind, fts, using):
    model = kind.public_queryset().model
    quote = connections[using].ops.quote_name
    table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {fts} WHERE rowid BETWEEN %s AND %s "
            f"AND rowid - %s NOT IN (SELECT {key} FROM {table})",
            [*fts_rowid_range(kind), fts_rowid_base(kind)],
        )
