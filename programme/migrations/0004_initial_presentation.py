"""The original site's presentation (« 1. Pourquoi ce master ? »…) and the facts it states."""

from django.db import migrations

from programme.initial_content import load_presentation, load_programme_facts


def create(apps, schema_editor):
    load_programme_facts(apps)
    load_presentation(apps)


class Migration(migrations.Migration):
    dependencies = [("programme", "0003_presentation_curriculum_admission_preview")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
