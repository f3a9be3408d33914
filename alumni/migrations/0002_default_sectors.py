"""The sectors of employment the directory starts with (editable afterwards in the admin)."""

from django.db import migrations

from alumni.sectors import DEFAULT_SECTORS


def create_sectors(apps, schema_editor):
    Sector = apps.get_model("alumni", "Sector")
    for position, name in DEFAULT_SECTORS:
        Sector.objects.get_or_create(name=name, defaults={"position": position})


def remove_sectors(apps, schema_editor):
    Sector = apps.get_model("alumni", "Sector")
    Sector.objects.filter(name__in=[name for _position, name in DEFAULT_SECTORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("alumni", "0001_initial")]

    operations = [migrations.RunPython(create_sectors, remove_sectors)]
