"""Checking uploaded documents by their content, before anything is stored.

The extension only says what the file claims to be; the first bytes and, for office
files, the zip's entries say what it is. A file is accepted when both agree and the
type is allowed by `settings.DOCUMENT_ALLOWED_TYPES`. Every refusal is a French
`ValidationError` naming the reason, raised from the form's validation: the admin
never reaches `save()`, so a refused file leaves neither a file nor a record.
"""

import os
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.formatting import human_size


@dataclass(frozen=True)
class FileType:
    extension: str
    label: str  # what visitors read: « PDF », « Word »…
    content_type: str
    # For OOXML: the part that only this kind of file has; for ODF: the `mimetype` entry.
    signature: str = ""


FILE_TYPES = {
    file_type.extension: file_type
    for file_type in [
        FileType("pdf", "PDF", "application/pdf"),
        FileType(
            "docx",
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "word/document.xml",
        ),
        FileType(
            "xlsx",
            "Excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xl/workbook.xml",
        ),
        FileType(
            "pptx",
            "PowerPoint",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "ppt/presentation.xml",
        ),
        FileType(
            "odt",
            "ODT",
            "application/vnd.oasis.opendocument.text",
            "application/vnd.oasis.opendocument.text",
        ),
        FileType(
            "ods",
            "ODS",
            "application/vnd.oasis.opendocument.spreadsheet",
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        FileType(
            "odp",
            "ODP",
            "application/vnd.oasis.opendocument.presentation",
            "application/vnd.oasis.opendocument.presentation",
        ),
    ]
}
OOXML_EXTENSIONS = {"docx", "xlsx", "pptx"}
ODF_EXTENSIONS = {"odt", "ods", "odp"}

# Longest stem kept in a stored file name (the storage may add a suffix for uniqueness).
STORED_STEM_MAX_LENGTH = 60


def allowed_extensions():
    return [ext for ext in settings.DOCUMENT_ALLOWED_TYPES if ext in FILE_TYPES]


def validate_document_upload(uploaded_file):
    """Return the `FileType` of an acceptable upload; raise a French ValidationError otherwise."""
    extension = extension_of(uploaded_file.name)
    allowed = allowed_extensions()
    if extension not in allowed:
        raise ValidationError(
            _("Type de fichier non accepté (« %(extension)s »). Types acceptés : %(allowed)s.")
            % {
                "extension": extension or _("sans extension"),
                "allowed": ", ".join(ext.upper() for ext in allowed),
            },
            code="document_type_not_allowed",
        )
    size = uploaded_file.size
    if not size:
        raise ValidationError(_("Le fichier envoyé est vide."), code="document_empty")
    max_bytes = settings.DOCUMENT_MAX_UPLOAD_BYTES
    if size > max_bytes:
        raise ValidationError(
            _("Ce fichier pèse %(size)s ; la limite est %(limit)s. Réduisez-le avant l'envoi.")
            % {"size": human_size(size), "limit": human_size(max_bytes)},
            code="document_too_large",
        )
    file_type = FILE_TYPES[extension]
    uploaded_file.seek(0)
    head = uploaded_file.read(1024)
    uploaded_file.seek(0)
    if extension == "pdf":
        if not head.startswith(b"%PDF-"):
            raise _content_mismatch(file_type, head)
    else:
        _check_office_zip(uploaded_file, file_type, head)
    uploaded_file.seek(0)
    return file_type


def _check_office_zip(uploaded_file, file_type, head):
    if not head.startswith(b"PK\x03\x04"):
        raise _content_mismatch(file_type, head)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            if file_type.extension in OOXML_EXTENSIONS:
                is_expected = "[Content_Types].xml" in names and file_type.signature in names
            else:
                # ODF requires `mimetype` as the first entry, stored uncompressed.
                first = entries[0] if entries else None
                is_expected = (
                    first is not None
                    and first.filename == "mimetype"
                    and first.file_size < 200
                    and archive.read(first).decode("ascii", "replace").strip()
                    == file_type.signature
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise ValidationError(
            _(
                "Ce fichier « .%(extension)s » est endommagé : son contenu ne peut pas être "
                "lu. Enregistrez-le de nouveau depuis votre logiciel, puis réessayez."
            )
            % {"extension": file_type.extension},
            code="document_corrupt",
        ) from error
    if not is_expected:
        raise ValidationError(
            _(
                "Le contenu de ce fichier ne correspond pas à un document %(label)s "
                "(« .%(extension)s ») : vérifiez que l'extension est la bonne, ou "
                "enregistrez-le de nouveau au bon format depuis votre logiciel."
            )
            % {"label": file_type.label, "extension": file_type.extension},
            code="document_content_mismatch",
        )


def _content_mismatch(file_type, head):
    """The refusal for a file whose first bytes are not those of its claimed type."""
    stripped = head.lstrip().lower()
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        reason = _("c'est un programme exécutable")
    elif stripped.startswith((b"<!doctype html", b"<html", b"<?xml", b"<svg")):
        reason = _("c'est une page web (HTML/XML)")
    elif file_type.extension == "pdf":
        reason = _("il ne commence pas par l'en-tête d'un PDF")
    else:
        reason = _("ce n'est pas un document bureautique (archive OOXML ou ODF)")
    return ValidationError(
        _(
            "Ce fichier porte l'extension « .%(extension)s » mais son contenu n'est pas "
            "un %(label)s : %(reason)s. Le fichier a été refusé."
        )
        % {"extension": file_type.extension, "label": file_type.label, "reason": reason},
        code="document_content_mismatch",
    )


def extension_of(name):
    base = os.path.basename((name or "").replace("\\", "/"))
    return os.path.splitext(base)[1].lstrip(".").lower()


def original_name_of(name):
    """The uploaded file's name without any path, control characters trimmed; for staff."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[:200] or "document"


def safe_stem(name):
    """A stored file name's stem: ASCII slug, no path, no control characters, bounded."""
    stem = os.path.splitext(original_name_of(name))[0]
    slug = slugify(stem)[:STORED_STEM_MAX_LENGTH].strip("-_")
    return slug or "document"


def download_name(title, extension):
    """The readable name a visitor's browser saves the file under: the title, then `.ext`."""
    clean = "".join(
        " " if ch in '/\\:*?"<>|' or unicodedata.category(ch)[0] == "C" else ch for ch in title
    )
    clean = " ".join(clean.split()).strip(" .")[:120] or "document"
    return f"{clean}.{extension}"
