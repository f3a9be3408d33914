"""English search (core/search_document.py): on PostgreSQL the `english_unaccent` text search
configuration (English stemming and stop words, accents stripped first, as
`french_unaccent` does for French); on SQLite the FTS5 table of the English documents, whose
porter tokenizer stems English words. Records already there are indexed by the
`post_migrate` receiver, and their PostgreSQL columns by each app's migration."""

from django.db import migrations

from core.search_document import create_english_fts_table, drop_english_fts_table

CREATE_SQL = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'english_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION english_unaccent (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION english_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
    END IF;
END
$$;
"""

DROP_SQL = "DROP TEXT SEARCH CONFIGURATION IF EXISTS english_unaccent;"


def create_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL)


def drop_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_sqlite_search_index")]

    operations = [
        migrations.RunPython(create_configuration, drop_configuration, elidable=False),
        migrations.RunPython(create_english_fts_table, drop_english_fts_table, elidable=False),
    ]
