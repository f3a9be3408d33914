"""Checking uploaded documents by their content, before anything is stored.

The extension only says what the file claims to be; the content says what it is: a PDF
must open with pypdf and have pages; an office file must be a sound zip archive (every
member decompresses with its checksum, within size, ratio and member-count bounds: no
« zip bomb ») holding the members its format requires. A file is accepted when content
and extension agree and the type is allowed by `settings.DOCUMENT_ALLOWED_TYPES`. Every
refusal is a French `ValidationError` naming the reason, raised from the form's validation:
the admin never reaches `save()`, so a refused file leaves neither a file nor a record (and
a refused replacement leaves the current file in place).
"""

import os
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.formatting import human_size
from core.pdf import (
    PdfPasswordProtected,
    PdfUnreadable,
    PdfWithoutPages,
    PdfWithScript,
    count_pdf_pages,
)


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

# Bit 0 of a zip entry's flags: the entry is encrypted.
ZIP_ENCRYPTED_FLAG = 0x1
# Below this size a member may compress as much as it likes (a page of blanks does).
ARCHIVE_RATIO_GRACE_BYTES = 100 * 1024
ARCHIVE_READ_CHUNK_BYTES = 1024 * 1024
# What Word, Excel and PowerPoint write when a file is protected by a password to open,
# and what their formats before 2007 were: an OLE compound file, not a zip.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

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
        _check_pdf(uploaded_file, head)
    else:
        _check_office_zip(uploaded_file, file_type, head)
    uploaded_file.seek(0)
    return file_type


def _check_pdf(uploaded_file, head):
    """A PDF is accepted only when pypdf opens it and finds its pages: a header alone proves
    nothing (an HTML page behind `%PDF-` would open as a web page somewhere)."""
    try:
        count_pdf_pages(uploaded_file)
    except PdfPasswordProtected:
        raise ValidationError(
            _(
                "Ce PDF est protégé par un mot de passe d'ouverture : les visiteurs ne "
                "pourraient pas le lire, et son contenu ne peut pas être vérifié. Enregistrez-le "
                "sans mot de passe d'ouverture, puis réessayez."
            ),
            code="document_pdf_password",
        ) from None
    except PdfWithoutPages:
        raise ValidationError(
            _("Ce PDF ne contient aucune page : il est refusé."), code="document_pdf_empty"
        ) from None
    except PdfWithScript:
        raise ValidationError(
            _(
                "Ce PDF contient des scripts (JavaScript ou lancement d'un programme) qui "
                "s'exécuteraient chez les visiteurs : il est refusé. Enregistrez-le de nouveau "
                "en « PDF/A » ou avec « Imprimer en PDF », qui n'en gardent aucun, puis "
                "réessayez."
            ),
            code="document_pdf_script",
        ) from None
    except PdfUnreadable:
        if _looks_like_web_page(head[5:]):
            reason = _("c'est une page web (HTML) précédée d'un en-tête PDF")
        else:
            reason = _("sa structure est endommagée ou incomplète")
        raise ValidationError(
            _(
                "Ce fichier « .pdf » n'est pas un PDF lisible : %(reason)s. Exportez-le de "
                "nouveau en PDF depuis votre logiciel, puis réessayez."
            )
            % {"reason": reason},
            code="document_pdf_unreadable",
        ) from None


def _looks_like_web_page(content):
    lowered = content.lower()
    return any(marker in lowered for marker in (b"<html", b"<!doctype", b"<script", b"<svg"))


def _check_office_zip(uploaded_file, file_type, head):
    if not head.startswith(b"PK\x03\x04"):
        raise _content_mismatch(file_type, head)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            entries = archive.infolist()
            _check_archive_bounds(entries, file_type)
            _read_every_member(archive, entries, file_type)
            missing = _missing_member(archive, entries, file_type)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,  # a compression method zipfile does not know
        zlib.error,
        OSError,
        EOFError,
        ValueError,
    ) as error:
        raise ValidationError(
            _(
                "Ce fichier « .%(extension)s » est endommagé : son contenu ne peut pas être "
                "lu. Enregistrez-le de nouveau depuis votre logiciel, puis réessayez."
            )
            % {"extension": file_type.extension},
            code="document_corrupt",
        ) from error
    if missing:
        raise ValidationError(
            _(
                "Le contenu de ce fichier ne correspond pas à un document %(label)s "
                "(« .%(extension)s ») : il y manque %(missing)s. Vérifiez que l'extension est "
                "la bonne, ou enregistrez-le de nouveau au bon format depuis votre logiciel."
            )
            % {"label": file_type.label, "extension": file_type.extension, "missing": missing},
            code="document_content_mismatch",
        )


def _check_archive_bounds(entries, file_type):
    """Refuse, from the archive's directory alone, what no office document looks like."""
    max_members = settings.DOCUMENT_ARCHIVE_MAX_MEMBERS
    if len(entries) > max_members:
        raise ValidationError(
            _(
                "Ce fichier « .%(extension)s » contient %(count)s éléments, bien plus qu'un "
                "document bureautique (limite : %(limit)s). Il est refusé."
            )
            % {"extension": file_type.extension, "count": len(entries), "limit": max_members},
            code="document_archive_too_many_members",
        )
    if any(entry.flag_bits & ZIP_ENCRYPTED_FLAG for entry in entries):
        raise ValidationError(
            _(
                "Ce fichier « .%(extension)s » est chiffré par un mot de passe : les visiteurs "
                "ne pourraient pas l'ouvrir. Enregistrez-le sans mot de passe, puis réessayez."
            )
            % {"extension": file_type.extension},
            code="document_archive_encrypted",
        )
    max_ratio = settings.DOCUMENT_ARCHIVE_MAX_RATIO
    for entry in entries:
        if entry.file_size > ARCHIVE_RATIO_GRACE_BYTES and entry.file_size > max_ratio * max(
            entry.compress_size, 1
        ):
            raise ValidationError(
                _(
                    "Ce fichier « .%(extension)s » se décompresse de façon anormale (un de ses "
                    "éléments grossit plus de %(ratio)s fois) : c'est la signature d'une « bombe "
                    "de décompression », il est refusé."
                )
                % {"extension": file_type.extension, "ratio": max_ratio},
                code="document_archive_bomb",
            )
    _refuse_if_too_large(sum(entry.file_size for entry in entries), file_type)


def _read_every_member(archive, entries, file_type):
    """Decompress every member once, within the size budget: this checks each member's
    checksum (a truncated or altered archive fails here) and bounds the work, whatever
    sizes the archive's directory declares."""
    total = 0
    for entry in entries:
        with archive.open(entry) as member:
            while chunk := member.read(ARCHIVE_READ_CHUNK_BYTES):
                total += len(chunk)
                if total > settings.DOCUMENT_ARCHIVE_MAX_UNCOMPRESSED_BYTES:
                    _refuse_if_too_large(total, file_type)


def _refuse_if_too_large(total, file_type):
    limit = settings.DOCUMENT_ARCHIVE_MAX_UNCOMPRESSED_BYTES
    if total > limit:
        raise ValidationError(
            _(
                "Ce fichier « .%(extension)s » occuperait %(size)s une fois décompressé ; la "
                "limite est %(limit)s. S'il contient de grandes images, réduisez-les avant "
                "l'envoi."
            )
            % {
                "extension": file_type.extension,
                "size": human_size(total),
                "limit": human_size(limit),
            },
            code="document_archive_too_large",
        )


def _missing_member(archive, entries, file_type):
    """The member a document of this type must have and this one lacks, in French; ""."""
    names = {entry.filename for entry in entries}
    if file_type.extension in OOXML_EXTENSIONS:
        for name in ("[Content_Types].xml", "_rels/.rels", file_type.signature):
            if name not in names:
                return f"« {name} »"
        return ""
    # ODF requires `mimetype` as the first entry, naming the kind of document.
    first = entries[0] if entries else None
    if (
        first is None
        or first.filename != "mimetype"
        or first.file_size > 200
        or archive.read(first).decode("ascii", "replace").strip() != file_type.signature
    ):
        return _("« mimetype » en tête, valant « %(mimetype)s »") % {
            "mimetype": file_type.signature
        }
    for name in ("META-INF/manifest.xml", "content.xml"):
        if name not in names:
            return f"« {name} »"
    return ""


def _content_mismatch(file_type, head):
    """The refusal for a file whose first bytes are not those of its claimed type."""
    stripped = head.lstrip().lower()
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        reason = _("c'est un programme exécutable")
    elif stripped.startswith((b"<!doctype html", b"<html", b"<?xml", b"<svg")):
        reason = _("c'est une page web (HTML/XML)")
    elif head.startswith(OLE_SIGNATURE):
        reason = _(
            "c'est un fichier protégé par un mot de passe, ou un ancien format Office "
            "(.doc, .xls, .ppt) : enregistrez-le sans mot de passe, au format actuel"
        )
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
