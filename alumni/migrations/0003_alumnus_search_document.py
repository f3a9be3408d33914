"""Stored search document of alumni (PostgreSQL: tsvector + GIN index, filled for the rows
already there; SQLite: an unused text column). See programme/search_document.py."""

from django.db import migrations

import core.search_document
from core.search_document import fill_operation, gin_index_operation


class Migration(migrations.Migration):
    dependencies = [
        ("alumni", "0002_default_sectors"),
        # The french_unaccent text search configuration the documents are computed with.
        ("programme", "0007_search_unaccent"),
    ]

    operations = [
        migrations.AddField(
            model_name="alumnus",
            name="search_document",
            field=core.search_document.SearchDocumentField(
                editable=False, null=True, verbose_name="document de recherche"
            ),
        ),
        gin_index_operation("alumni_alumnus", "search_document"),
        fill_operation("alumni", "alumnus", "search_document", ("full_name", "employer", "position")),
    ]
