from django.db import migrations

DEFAULT_CATEGORIES = [
    ("Vie du master", "vie-du-master"),
    ("Événement", "evenement"),
    ("Soutenance", "soutenance"),
    ("Offre de stage", "offre-de-stage"),
]


def create_default_categories(apps, schema_editor):
    Category = apps.get_model("news", "Category")
    for position, (name, slug) in enumerate(DEFAULT_CATEGORIES, start=1):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


def remove_default_categories(apps, schema_editor):
    Category = apps.get_model("news", "Category")
    Category.objects.filter(
        slug__in=[slug for _, slug in DEFAULT_CATEGORIES], news_items__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]

    operations = [
        migrations.RunPython(create_default_categories, remove_default_categories),
    ]
