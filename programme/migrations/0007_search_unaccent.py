"""French full-text search that ignores accents, on PostgreSQL only.

`unaccent` is a trusted extension since PostgreSQL 13: the database owner may create it
without being superuser. The text search configuration `french_unaccent` copies `french`
(stemming, stop words) and strips accents first, so « eleves » finds « élèves ».
On SQLite nothing is needed: the search registers its own accent-folding function.
"""

from django.db import migrations

CREATE_SQL = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""

DROP_SQL = "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("programme", "0006_pages_initial_content")]

    operations = [migrations.RunPython(create, drop)]
