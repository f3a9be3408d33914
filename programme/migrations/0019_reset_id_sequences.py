"""The first fiche, contacts and sections were written with explicit keys by data migrations
(the fiche as pk=1). PostgreSQL's id counters do not follow explicit keys, so the next row
created without one — « Préparer l'année suivante » on a fresh site — collided with them.
Setting each counter past the largest key fixes it; SQLite needs nothing."""

from django.core.management.color import no_style
from django.db import migrations


def reset_sequences(apps, schema_editor):
    connection = schema_editor.connection
    models = list(apps.get_app_config("programme").get_models())
    for statement in connection.ops.sequence_reset_sql(no_style(), models):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("programme", "0018_search_documents")]

    operations = [migrations.RunPython(reset_sequences, migrations.RunPython.noop)]
