"""« position » becomes « order », as everywhere, and Sector takes its fields from core.categories.OrderedItem: the column is renamed, nothing else changes in the database."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("alumni", "0004_photo_moved_to_core"),
    ]

    operations = [
        migrations.RenameField(model_name="sector", old_name="position", new_name="order"),
        migrations.AlterModelOptions(
            name="sector",
            options={
                "ordering": ["order", "name"],
                "verbose_name": "secteur d'activité",
                "verbose_name_plural": "secteurs d'activité",
            },
        ),
        migrations.AlterField(
            model_name="sector",
            name="order",
            field=models.PositiveSmallIntegerField(default=0, help_text="Présentés du plus petit numéro au plus grand, puis par ordre alphabétique.", verbose_name="ordre"),
        ),
    ]
