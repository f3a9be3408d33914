"""On SQLite only: the FTS5 table holding every searched record's folded text, so that a
search reads an index instead of folding every row in Python (core/search_document.py).
PostgreSQL keeps its `tsvector` columns and GIN indexes. The rows already there are
indexed by the `post_migrate` receiver, which reads them through the current models."""

from django.db import migrations

from core.search_document import create_fts_table, drop_fts_table


class Migration(migrations.Migration):
    dependencies = [("core", "0002_identity_images")]

    operations = [migrations.RunPython(create_fts_table, drop_fts_table, elidable=False)]
