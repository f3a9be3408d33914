"""Category takes its fields from core.categories.OrderedCategory: new labels and help texts only, no change in the database."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_document_search_document"),
    ]

    operations = [
        migrations.AlterField(
            model_name="category",
            name="order",
            field=models.PositiveIntegerField(default=0, help_text="Présentés du plus petit numéro au plus grand, puis par ordre alphabétique.", verbose_name="ordre"),
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
