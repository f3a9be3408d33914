"""The stored search document of a model: its searched text already analysed by PostgreSQL.

On PostgreSQL a `tsvector` column with a GIN index, so a search reads an index instead of
analysing every row's title and body at each query. On SQLite an unused, always empty text
column: the search there folds the text itself (see core/search.py).
"""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connections, migrations
from django.utils.translation import gettext_lazy as _

from core.registry import content_kinds

# Created by programme migration 0007: French stemming, accents ignored.
SEARCH_CONFIG = "french_unaccent"


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


def weighted_vector(search_fields):
    """The search document of `search_fields`: weight A for the first (the title), B for
    the others, so that a match in the title ranks first."""
    vector = SearchVector(search_fields[0], weight="A", config=SEARCH_CONFIG)
    if len(search_fields) > 1:
        vector += SearchVector(*search_fields[1:], weight="B", config=SEARCH_CONFIG)
    return vector


def fill_operation(app_label, model_name, column, search_fields):
    """Migration operation filling the search document of the rows already there
    (PostgreSQL only). The fields are written out in the migration, as they were then."""

    def fill(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(app_label, model_name)
        rows = model._default_manager.using(schema_editor.connection.alias)
        rows.update(**{column: weighted_vector(search_fields)})

    return migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)


def kinds_with_search_document(model=None):
    """The registered kinds that declare a search document (of `model` only, if given)."""
    kinds = [kind for kind in content_kinds() if kind.search_vector_field]
    if model is not None:
        kinds = [kind for kind in kinds if kind.public_queryset().model is model]
    return kinds


def refresh_search_documents(kind, rows=None, using="default"):
    """Recompute the search document of `rows` (default: every record of the kind's model,
    drafts included) in one UPDATE; nothing to do outside PostgreSQL. Returns the row count."""
    if connections[using].vendor != "postgresql":
        return 0
    if rows is None:
        rows = kind.public_queryset().model._default_manager.all()
    rows = rows.using(using)
    return rows.update(**{kind.search_vector_field: weighted_vector(kind.search_fields)})


def update_search_document_after_save(sender, instance, using, update_fields=None, **kwargs):
    """`post_save` receiver: the saved record's search document follows its text.

    `Model.save()` writes the column as empty (the value cannot be computed in Python), and
    this one UPDATE fills it again, in the same transaction when the save is in one.
    """
    if connections[using].vendor != "postgresql":
        return
    model = sender._meta.concrete_model
    for kind in kinds_with_search_document(model):
        fields = {kind.search_vector_field, *kind.search_fields}
        if update_fields is not None and not fields.intersection(update_fields):
            continue  # neither the text nor the column was written: still right
        refresh_search_documents(kind, model._default_manager.filter(pk=instance.pk), using)


def fill_missing_search_documents(using="default"):
    """Fill the search documents left empty by bulk writes (`bulk_create` sends no signal)."""
    filled = 0
    for kind in kinds_with_search_document():
        model = kind.public_queryset().model
        empty = model._default_manager.filter(**{f"{kind.search_vector_field}__isnull": True})
        filled += refresh_search_documents(kind, empty, using)
    return filled
