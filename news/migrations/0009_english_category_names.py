"""English names of the news categories the site starts with (news migration 0002), written
only where the category still has its first French name and no English name yet."""

from django.db import migrations

ENGLISH_NAMES = {
    # slug: (French name as created, English name)
    "vie-du-master": ("Vie du master", "Programme life"),
    "evenement": ("Événement", "Event"),
    "soutenance": ("Soutenance", "Thesis defence"),
    "offre-de-stage": ("Offre de stage", "Internship offer"),
}


def name_categories(apps, schema_editor):
    Category = apps.get_model("news", "Category")
    for slug, (french, english) in ENGLISH_NAMES.items():
        Category.objects.filter(slug=slug, name=french, name_en="").update(name_en=english)


class Migration(migrations.Migration):
    dependencies = [("news", "0008_english_versions")]

    operations = [migrations.RunPython(name_categories, migrations.RunPython.noop)]
