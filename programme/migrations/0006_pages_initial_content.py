"""The standalone pages' first text (access, legal notice, accessibility, privacy),
drafted from the original site and flagged « à vérifier par le secrétariat »."""

from django.db import migrations

from pages.initial_content import load_standalone_pages


def create(apps, schema_editor):
    load_standalone_pages(apps)


class Migration(migrations.Migration):
    dependencies = [("programme", "0005_pages_contact")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
