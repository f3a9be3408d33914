"""English names of the document headings the site starts with (documents migration 0002),
written only where the heading still has its first French name and no English name yet."""

from django.db import migrations

ENGLISH_NAMES = {
    # slug: (French name as created, English name)
    "candidature": ("Candidature", "Applying"),
    "scolarite": ("Scolarité", "Studies"),
    "stage": ("Stage", "Internship"),
    "memoire": ("Mémoire", "Dissertation"),
}


def name_categories(apps, schema_editor):
    Category = apps.get_model("documents", "Category")
    for slug, (french, english) in ENGLISH_NAMES.items():
        Category.objects.filter(slug=slug, name=french, name_en="").update(name_en=english)


class Migration(migrations.Migration):
    dependencies = [("documents", "0007_english_versions")]

    operations = [migrations.RunPython(name_categories, migrations.RunPython.noop)]
