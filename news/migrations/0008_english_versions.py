"""English versions of news items and of their categories' names (core/translation.py), the
English slug (unique when set), and the English search document (PostgreSQL: tsvector with
English stemming + GIN index, filled for the rows already there)."""

from django.db import migrations, models

import core.search_document
from core.search_document import fill_operation, gin_index_operation


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0007_one_notion_of_event'),
        # The english_unaccent text search configuration the documents are computed with.
        ('core', '0004_english_search'),
    ]

    operations = [
        migrations.AddField(
            model_name='category',
            name='name_en',
            field=models.CharField(blank=True, default='', help_text='Facultatif : laissé vide, la page en anglais montre le texte français.', max_length=100, verbose_name='nom (anglais)'),
        ),
        migrations.AddField(
            model_name='newsitem',
            name='body_en',
            field=models.TextField(blank=True, default='', help_text='Facultatif : laissé vide, la page en anglais montre le texte français.', verbose_name='texte (anglais)'),
        ),
        migrations.AddField(
            model_name='newsitem',
            name='location_en',
            field=models.CharField(blank=True, default='', help_text='Facultatif : laissé vide, la page en anglais montre le texte français.', max_length=200, verbose_name='lieu (anglais)'),
        ),
        migrations.AddField(
            model_name='newsitem',
            name='search_document_en',
            field=core.search_document.SearchDocumentField(editable=False, null=True, verbose_name='document de recherche (anglais)'),
        ),
        migrations.AddField(
            model_name='newsitem',
            name='slug_en',
            field=models.SlugField(blank=True, default='', help_text="Fin de l'adresse de la page en anglais, tirée du titre anglais. Elle ne change plus une fois l'actualité publiée avec son titre anglais.", max_length=200, verbose_name='adresse de la page (anglais)'),
        ),
        migrations.AddField(
            model_name='newsitem',
            name='summary_en',
            field=models.TextField(blank=True, default='', help_text='Facultatif : laissé vide, la page en anglais montre le texte français.', max_length=400, verbose_name='chapô (anglais)'),
        ),
        migrations.AddField(
            model_name='newsitem',
            name='title_en',
            field=models.CharField(blank=True, default='', help_text="Facultatif : sans titre en anglais, l'actualité n'existe pas sur le site en anglais (ni liste, ni page, ni flux).", max_length=200, verbose_name='titre (anglais)'),
        ),
        migrations.AddConstraint(
            model_name='newsitem',
            constraint=models.UniqueConstraint(condition=models.Q(('slug_en', ''), _negated=True), fields=('slug_en',), name='news_newsitem_slug_en_unique'),
        ),
        gin_index_operation("news_newsitem", "search_document_en"),
        fill_operation(
            "news",
            "newsitem",
            "search_document_en",
            ("title", "summary", "body"),
            language="en",
            translated=("title", "summary", "body"),
        ),
    ]
