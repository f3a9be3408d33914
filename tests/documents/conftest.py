"""Builders for document tests: minimal valid files of every allowed type, documents."""

import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.files import TRASH_PREFIX
from core.publication import PublicationStatus
from documents.models import Category, Document
from documents.pdf_builder import build_pdf
from tests.browser.conftest import assert_accessible, axe  # noqa: F401 - shared browser fixtures

ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
OOXML_MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}


def ooxml_bytes(extension, main_part=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(main_part or OOXML_MAIN_PARTS[extension], '<?xml version="1.0"?><x/>')
    return buffer.getvalue()


def odf_bytes(extension, mimetype=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # ODF: `mimetype` first and uncompressed, then the content.
        archive.writestr("mimetype", mimetype or ODF_MIMETYPES[extension], zipfile.ZIP_STORED)
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
    return buffer.getvalue()


def valid_bytes(extension, text="Document"):
    if extension == "pdf":
        return build_pdf(text, title=text, language="fr-FR", tagged=True)
    if extension in OOXML_MAIN_PARTS:
        return ooxml_bytes(extension)
    return odf_bytes(extension)


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
