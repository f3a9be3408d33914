"""Builders for document tests: minimal valid files of every allowed type, documents."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.files import TRASH_PREFIX
from core.publication import PublicationStatus
from documents.models import Category, Document
from tests.browser.conftest import assert_accessible, axe  # noqa: F401 - shared browser fixtures
from tests.forged_files import (  # noqa: F401 - the builders document tests import from here
    odf_bytes,
    ooxml_bytes,
    valid_bytes,
)


def upload(name, content):
    return SimpleUploadedFile(name, content)


def media_files(settings):
    """Every document file in service (under PRIVATE_MEDIA_ROOT, out of the trash)."""
    return [name for name in _private_files(settings) if not name.startswith(TRASH_PREFIX)]


def trashed_files(settings):
    """The files of deleted documents, waiting in the trash for a recovery."""
    return [name for name in _private_files(settings) if name.startswith(TRASH_PREFIX)]


def _private_files(settings):
    root = settings.PRIVATE_MEDIA_ROOT
    if not root.exists():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def category(db):
    return Category.objects.get_or_create(
        slug="candidature", defaults={"name": "Candidature", "order": 10}
    )[0]


@pytest.fixture
def make_document(category):
    def make(title="Dossier de candidature", *, extension="pdf", content=None, **fields):
        fields.setdefault("status", PublicationStatus.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(hours=1))
        fields.setdefault("category", category)
        document = Document(title=title, **fields)
        document.file = ContentFile(
            content if content is not None else valid_bytes(extension, title),
            name=f"{title}.{extension}",
        )
        document.save()
        return document

    return make
