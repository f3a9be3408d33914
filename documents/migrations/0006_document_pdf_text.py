"""The text of each PDF, read at upload for the search (bounded; empty for a file pypdf
cannot read), extracted here for the documents already there; their stored search document
is computed again with it (PostgreSQL). See core/pdf.py and core/search_document.py."""

import logging

from django.db import migrations, models

from core.pdf import extract_pdf_text
from core.search_document import fill_operation

logger = logging.getLogger(__name__)


def extract_texts(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    for document in Document.objects.using(schema_editor.connection.alias).filter(
        file_type="pdf"
    ):
        try:
            with document.file.open("rb") as handle:
                document.pdf_text = extract_pdf_text(handle)
        except (OSError, ValueError):  # a file missing from this copy of the site: found by its title
            logger.warning("Fichier absent, texte non extrait : %s", document.file.name)
            continue
        document.save(update_fields=["pdf_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_remove_document_is_demo"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="pdf_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="texte du PDF"
            ),
        ),
        migrations.RunPython(extract_texts, migrations.RunPython.noop),
        fill_operation(
            "documents", "document", "search_document", ("title", "description", "pdf_text")
        ),
    ]
