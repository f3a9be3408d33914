"""Stored search document of the fixed pages (PostgreSQL: tsvector + GIN index, filled for
the rows already there; SQLite: an unused text column). See core/search_document.py."""

from django.db import migrations

import core.search_document
from core.search_document import fill_operation, gin_index_operation


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_map_description_and_placeholders"),
        # The french_unaccent text search configuration the documents are computed with.
        ("programme", "0007_search_unaccent"),
    ]

    operations = [
        migrations.AddField(
            model_name="page",
            name="search_document",
            field=core.search_document.SearchDocumentField(
                editable=False, null=True, verbose_name="document de recherche"
            ),
        ),
        gin_index_operation("programme_page", "search_document"),
        fill_operation(
            "pages", "page", "search_document", ("title", "summary", "body", "directions")
        ),
    ]
