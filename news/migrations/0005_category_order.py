"""« position » becomes « order », as everywhere, and Category takes its fields from core.categories.OrderedCategory: the column is renamed, nothing else changes in the database."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_image_moved_to_core"),
    ]

    operations = [
        migrations.RenameField(model_name="category", old_name="position", new_name="order"),
        migrations.AlterModelOptions(
            name="category",
            options={
                "ordering": ["order", "name"],
                "verbose_name": 'catégorie',
                "verbose_name_plural": 'catégories',
            },
        ),
        migrations.AlterField(
            model_name="category",
            name="order",
            field=models.PositiveSmallIntegerField(default=0, help_text="Présentés du plus petit numéro au plus grand, puis par ordre alphabétique.", verbose_name="ordre"),
        ),
        migrations.AlterField(
            model_name="category",
            name="slug",
            field=models.SlugField(
                help_text="Tiré du nom : lettres minuscules, chiffres et tirets. Évitez de le changer : les liens déjà partagés vers cette catégorie ne marcheraient plus.",
                max_length=100,
                unique=True,
                verbose_name="identifiant dans l'adresse",
            ),
        ),
    ]
