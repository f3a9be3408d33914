"""English versions of the fixed pages' fields (core/translation.py) and their English search
document (PostgreSQL: tsvector with English stemming + GIN index, filled for the rows
already there). Their English text comes in the next migration."""

from django.db import migrations, models

import core.search_document
from core.search_document import fill_operation, gin_index_operation


class Migration(migrations.Migration):

    dependencies = [
        ('pages', '0003_page_search_document'),
        # The english_unaccent text search configuration the documents are computed with.
        ('core', '0004_english_search'),
    ]

    operations = [
        migrations.AddField(
            model_name='page',
            name='body_en',
            field=models.TextField(blank=True, default='', help_text='Facultatif : laissé vide, la page en anglais montre le texte français.', verbose_name='texte (anglais)'),
        ),
        migrations.AddField(
            model_name='page',
            name='directions_en',
            field=models.TextField(blank=True, default='', help_text='Facultatif : laissé vide, la page en anglais montre le texte français.', verbose_name='comment venir (anglais)'),
        ),
        migrations.AddField(
            model_name='page',
            name='map_description_en',
            field=models.TextField(blank=True, default='', help_text='Facultatif : laissé vide, la page en anglais montre le texte français.', verbose_name='description du plan (anglais)'),
        ),
        migrations.AddField(
            model_name='page',
            name='search_document_en',
            field=core.search_document.SearchDocumentField(editable=False, null=True, verbose_name='document de recherche (anglais)'),
        ),
        migrations.AddField(
            model_name='page',
            name='summary_en',
            field=models.CharField(blank=True, default='', help_text='Facultatif : laissé vide, la page en anglais montre le texte français.', max_length=300, verbose_name='résumé (anglais)'),
        ),
        migrations.AddField(
            model_name='page',
            name='title_en',
            field=models.CharField(blank=True, default='', help_text="Facultatif : sans titre en anglais, la page n'existe pas en anglais.", max_length=200, verbose_name='titre (anglais)'),
        ),
        gin_index_operation("programme_page", "search_document_en"),
        fill_operation(
            "pages",
            "page",
            "search_document_en",
            ("title", "summary", "body", "directions"),
            language="en",
            translated=("title", "summary", "body", "directions"),
        ),
    ]
