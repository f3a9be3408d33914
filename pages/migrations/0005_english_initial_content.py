"""The fixed pages in English (pages/initial_content.py): fills only the English fields left
empty; a page whose French text was edited since is flagged « à vérifier » so that staff
check the translation. Nothing to undo: going back leaves the English text, which the
previous schema drops anyway with its columns. Then the English search document of the
pages follows their new text (PostgreSQL; SQLite's index is filled after migrating)."""

from django.db import migrations

from core.search_document import fill_operation
from pages.initial_content import load_english_pages


def load(apps, schema_editor):
    load_english_pages(apps)


class Migration(migrations.Migration):
    dependencies = [("pages", "0004_english_versions")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        fill_operation(
            "pages",
            "page",
            "search_document_en",
            ("title", "summary", "body", "directions"),
            language="en",
            translated=("title", "summary", "body", "directions"),
        ),
    ]
