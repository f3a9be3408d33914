from django.db import migrations

# The headings the secretariat starts with; they stay editable in the admin.
CATEGORIES = [
    ("Candidature", "candidature", 10),
    ("Scolarité", "scolarite", 20),
    ("Stage", "stage", 30),
    ("Mémoire", "memoire", 40),
]


def seed_categories(apps, schema_editor):
    Category = apps.get_model("documents", "Category")
    for name, slug, order in CATEGORIES:
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})


def remove_categories(apps, schema_editor):
    Category = apps.get_model("documents", "Category")
    Category.objects.filter(
        slug__in=[slug for _, slug, _ in CATEGORIES], documents__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(seed_categories, remove_categories)]
