"""Stored files: safe names, the current file replaced in place, nothing left behind."""

import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import IntegrityError, transaction

from core.files import TRASH_PREFIX
from documents.models import Document
from tests.documents.conftest import media_files, trashed_files, valid_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def test_path_traversal_name_is_stored_under_documents_with_a_safe_name(
    make_document, category, settings
):
    document = Document(title="Mot de passe", category=category)
    document.file = ContentFile(valid_bytes("pdf"), name="../../etc/passwd.pdf")
    document.save()
    assert document.file.name.startswith("documents/")
    assert document.file.name.endswith("/passwd.pdf")
    assert ".." not in document.file.name
    stored = settings.PRIVATE_MEDIA_ROOT / document.file.name
    assert stored.resolve().is_relative_to(settings.PRIVATE_MEDIA_ROOT.resolve())
    assert document.original_filename == "passwd.pdf"


def test_two_uploads_with_the_same_name_get_distinct_stored_names(make_document):
    first = make_document("Calendrier")
    second = make_document("Calendrier 2")
    first_name = first.file.name.rsplit("/", 1)[-1]
    assert first_name == "calendrier.pdf"
    assert second.file.name != first.file.name


def test_derived_fields_come_from_the_file(make_document):
    document = make_document("Guide du mémoire", extension="pdf")
    assert document.file_type == "pdf"
    assert document.file_size == len(valid_bytes("pdf", "Guide du mémoire"))
    assert document.page_count == 1
    assert document.pdf_is_tagged is True
    assert document.pdf_title == "Guide du mémoire"
    assert document.pdf_language == "fr-FR"
    spreadsheet = make_document("Notes", extension="xlsx")
    assert (spreadsheet.file_type, spreadsheet.page_count, spreadsheet.pdf_is_tagged) == (
        "xlsx",
        None,
        None,
    )


def test_replacing_the_file_removes_the_old_one_after_commit(make_document, settings):
    document = make_document("Calendrier")
    old_name = document.file.name
    with transaction.atomic():
        document.file = ContentFile(valid_bytes("docx"), name="calendrier-v2.docx")
        document.save()
        # Until the change commits, the old file is still there (a rollback keeps it valid).
        assert (settings.PRIVATE_MEDIA_ROOT / old_name).exists()
    assert not (settings.PRIVATE_MEDIA_ROOT / old_name).exists()
    assert media_files(settings) == [document.file.name]
    assert document.file_type == "docx"


def test_deleting_a_document_moves_its_files_to_the_trash_after_commit(make_document, settings):
    document = make_document("Calendrier")
    document.accessible_alternative = ContentFile(valid_bytes("odt"), name="calendrier.odt")
    document.save()
    names = media_files(settings)
    assert len(names) == 2
    with transaction.atomic():
        document.delete()
        assert media_files(settings) == names  # a rollback would still need them
    assert media_files(settings) == []
    assert trashed_files(settings) == [TRASH_PREFIX + name for name in names]


def test_a_recovered_document_gets_its_files_back_from_the_trash(make_document, settings):
    document = make_document("Calendrier")
    with document.file.open("rb") as stored:
        content = stored.read()
    names = media_files(settings)
    Document.objects.get(pk=document.pk).delete()
    # As django-reversion's recovery does: the row written back as it was, then saved.
    document.save()
    assert media_files(settings) == names
    assert trashed_files(settings) == []
    with Document.objects.get(pk=document.pk).file.open("rb") as stored:
        assert stored.read() == content


def test_the_trash_never_overwrites_a_file_that_took_the_name_meanwhile(make_document, settings):
    document = make_document("Calendrier")
    name = document.file.name
    Document.objects.get(pk=document.pk).delete()
    storage = document.file.storage
    storage.save(name, ContentFile(b"autre fichier"))
    document.save()
    with storage.open(name) as stored:
        assert stored.read() == b"autre fichier"
    assert trashed_files(settings) == [TRASH_PREFIX + name]


def test_purging_the_trash_deletes_only_files_older_than_the_retention(make_document, settings):
    document = make_document("Calendrier")
    Document.objects.get(pk=document.pk).delete()
    call_command("purge_deleted_files", days=1)
    assert len(trashed_files(settings)) == 1
    old = time.time() - 2 * 24 * 3600
    for path in settings.PRIVATE_MEDIA_ROOT.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))
    call_command("purge_deleted_files", days=1)
    assert trashed_files(settings) == []


def test_a_row_that_fails_to_save_leaves_no_file(make_document, category, settings):
    existing = make_document("Calendrier")
    duplicate = Document(title="Autre", slug=existing.slug, category=category)
    duplicate.file = ContentFile(valid_bytes("pdf"), name="autre.pdf")
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert media_files(settings) == [existing.file.name]


def test_saving_without_a_new_file_keeps_the_file(make_document, settings):
    document = make_document("Calendrier")
    document.title = "Calendrier universitaire"
    document.save()
    assert media_files(settings) == [document.file.name]
    assert document.slug == "calendrier"
