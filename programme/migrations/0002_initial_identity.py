"""The identity and the programme's card as the original site shows them."""

from django.db import migrations

from programme.initial_content import load_identity


def create(apps, schema_editor):
    load_identity(apps)


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
