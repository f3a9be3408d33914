"""Stored search document of documents (PostgreSQL: tsvector + GIN index, filled for the rows
already there; SQLite: an unused text column). See programme/search_document.py."""

from django.db import migrations

import core.search_document
from core.search_document import fill_operation, gin_index_operation


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_seed_categories"),
        # The french_unaccent text search configuration the documents are computed with.
        ("programme", "0007_search_unaccent"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="search_document",
            field=core.search_document.SearchDocumentField(
                editable=False, null=True, verbose_name="document de recherche"
            ),
        ),
        gin_index_operation("documents_document", "search_document"),
        fill_operation("documents", "document", "search_document", ("title", "description")),
    ]
