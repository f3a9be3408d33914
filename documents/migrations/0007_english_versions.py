"""English versions of documents' titles and descriptions and of their headings' names
(core/translation.py), and the English search document (PostgreSQL: tsvector with English
stemming + GIN index, filled for the rows already there; the PDF's text is searched as is)."""

from django.db import migrations, models

import core.search_document
from core.search_document import fill_operation, gin_index_operation


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0006_document_pdf_text'),
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
            model_name='document',
            name='description_en',
            field=models.CharField(blank=True, default='', help_text='Facultatif : laissé vide, la page en anglais montre le texte français.', max_length=300, verbose_name='description courte (anglais)'),
        ),
        migrations.AddField(
            model_name='document',
            name='search_document_en',
            field=core.search_document.SearchDocumentField(editable=False, null=True, verbose_name='document de recherche (anglais)'),
        ),
        migrations.AddField(
            model_name='document',
            name='title_en',
            field=models.CharField(blank=True, default='', help_text="Facultatif : sans titre en anglais, le document n'apparaît pas sur le site en anglais (le fichier reste le même dans les deux langues).", max_length=200, verbose_name='titre (anglais)'),
        ),
        gin_index_operation("documents_document", "search_document_en"),
        fill_operation(
            "documents",
            "document",
            "search_document_en",
            ("title", "description", "pdf_text"),
            language="en",
            translated=("title", "description"),
        ),
    ]
