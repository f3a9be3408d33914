"""PDF files: making one from HTML, and reading what RGAA criterion 13.3 asks of one.

`html_to_pdf()` renders with WeasyPrint, imported on first use: it needs system libraries
(Pango, HarfBuzz) that a fresh machine may lack, and the rest of the site must start
without them. `inspect_pdf()` reads the document catalogue with pypdf (tagged, titled, with
a language); any file pypdf cannot parse is reported as unreadable rather than raising, so
a malformed PDF never breaks the admin. `extract_pdf_text()` gives the text of a PDF for
search, bounded, and empty for a file it cannot read. `count_pdf_pages()` is the strict
side, for accepting an upload: a file is a PDF only if pypdf opens it and finds its pages.
"""

import ctypes.util
import functools
import importlib.util
import io
import logging
import mimetypes
import re
import warnings
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PdfReport:
    is_readable: bool
    page_count: int | None = None
    is_tagged: bool | None = None
    title: str = ""
    language: str = ""

    @property
    def is_accessible_enough(self):
        return self.is_readable and self.is_tagged and bool(self.title) and bool(self.language)

    def advice(self):
        """French sentences telling staff what to fix, empty when nothing is missing."""
        if not self.is_readable:
            return [
                _(
                    "Le PDF n'a pas pu être analysé (fichier protégé ou endommagé) : son "
                    "accessibilité n'a pas pu être vérifiée. Exportez-le de nouveau depuis "
                    "votre traitement de texte, ou joignez une version accessible."
                )
            ]
        advice = []
        if not self.is_tagged:
            advice.append(
                _(
                    "Le PDF n'est pas balisé : un lecteur d'écran n'y retrouve ni titres ni "
                    "listes. Dans Word ou LibreOffice, exportez en PDF en cochant « PDF "
                    "balisé » (ou « Document structuré »)."
                )
            )
        if not self.title:
            advice.append(
                _(
                    "Le PDF n'a pas de titre : renseignez-le dans les propriétés du document "
                    "(Fichier › Propriétés › Titre) avant l'export."
                )
            )
        if not self.language:
            advice.append(
                _(
                    "La langue du PDF n'est pas indiquée : choisissez la langue du document "
                    "dans votre logiciel (Outils › Langue) avant l'export."
                )
            )
        if advice:
            advice.append(
                _(
                    "À défaut, joignez une version accessible ou un résumé du contenu "
                    "(critère 13.3 du RGAA)."
                )
            )
        return advice


@contextmanager
def _pdf_reader(content):
    """pypdf's reader over a PDF given as bytes or a file object, whose position is put
    back at the start afterwards (the file is saved or read again next)."""
    from pypdf import PdfReader

    if isinstance(content, bytes):
        content = io.BytesIO(content)
    try:
        content.seek(0)
        with warnings.catch_warnings():
            # pypdf warns about files it can repair; what matters is whether it reads them.
            warnings.simplefilter("ignore")
            yield PdfReader(content, strict=False)
    finally:
        content.seek(0)


def inspect_pdf(content):
    """Report on a PDF given as bytes or a file object; never raises on a bad file."""
    try:
        with _pdf_reader(content) as reader:
            return _read_report(reader)
    except Exception:  # noqa: BLE001 - pypdf raises many kinds of errors on broken files.
        logger.info("PDF illisible par pypdf", exc_info=True)
        return PdfReport(is_readable=False)


class PdfUnreadable(ValueError):
    """pypdf cannot open the file or find its pages: it is not a usable PDF."""


class PdfPasswordProtected(PdfUnreadable):
    """The PDF needs a password to be opened (not only to be edited or printed)."""


class PdfWithoutPages(PdfUnreadable):
    """The PDF opens but holds no page to show."""


class PdfWithScript(ValueError):
    """The PDF carries actions that run code when opened or clicked (JavaScript, launching
    a program). Chromium's viewer runs a PDF's JavaScript whatever the page's policy, so the
    only way it never runs from the site is to never accept it."""


# Action types that run code: JavaScript in the viewer, or another program (« Launch »).
_SCRIPT_ACTIONS = {"/JavaScript", "/Launch"}
# Objects visited at most while looking for actions; a PDF past it cannot be checked.
_MAX_PDF_OBJECTS_WALKED = 200_000


def _pdf_runs_scripts(reader):
    """Whether anything reachable from the document catalogue is a script action: an
    /OpenAction, a page's or a field's /AA, a link's /A, the /Names JavaScript tree…"""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen = set()
    pending = [reader.trailer["/Root"]]
    walked = 0
    while pending:
        node = pending.pop()
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        walked += 1
        if walked > _MAX_PDF_OBJECTS_WALKED:
            return True
        if isinstance(node, DictionaryObject):
            if "/JS" in node or node.get("/S") in _SCRIPT_ACTIONS:
                return True
            # A page's /Parent leads back up the tree already walked from the root.
            pending.extend(value for key, value in node.items() if key != "/Parent")
        elif isinstance(node, ArrayObject):
            pending.extend(node)
    return False


def count_pdf_pages(content):
    """The number of pages of a PDF (bytes or file object) that pypdf opens and reads
    through; raises `PdfPasswordProtected`, `PdfWithoutPages` or `PdfUnreadable` otherwise,
    and `PdfWithScript` for one that would run code, never anything else.

    A PDF restricted by an owner password only (no printing, no editing…) opens with the
    empty user password, as in every viewer: it is readable, hence accepted.
    """
    try:
        with _pdf_reader(content) as reader:
            if reader.is_encrypted and not reader.decrypt(""):
                raise PdfPasswordProtected
            # Walks the whole page tree (the /Count of its root is not trusted).
            page_count = len(reader.pages)
            runs_scripts = page_count > 0 and _pdf_runs_scripts(reader)
    except PdfUnreadable:
        raise
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds of errors on broken files.
        logger.info("PDF refusé : illisible par pypdf", exc_info=True)
        raise PdfUnreadable(str(error)) from error
    if page_count < 1:
        raise PdfWithoutPages
    if runs_scripts:
        raise PdfWithScript
    return page_count


# Enough for a long regulation or brochure; a stored search text stays far below
# PostgreSQL's 1 MB limit for a tsvector.
PDF_TEXT_MAX_LENGTH = 100_000
_SPACES = re.compile(r"\s+")


def extract_pdf_text(content, max_length=PDF_TEXT_MAX_LENGTH):
    """The text of a PDF (bytes or file object), spaces collapsed, at most `max_length`
    characters; "" for a file pypdf cannot read (never raises)."""
    pieces, length = [], 0
    try:
        with _pdf_reader(content) as reader:
            if reader.is_encrypted and not reader.decrypt(""):
                return ""
            for page in reader.pages:
                text = _SPACES.sub(" ", page.extract_text() or "").strip()
                if text:
                    pieces.append(text)
                    length += len(text) + 1
                if length >= max_length:
                    break
    except Exception:  # noqa: BLE001 - pypdf raises many kinds of errors on broken files.
        logger.info("Texte du PDF illisible par pypdf", exc_info=True)
        return ""
    return " ".join(pieces)[:max_length]


def _read_report(reader):
    if reader.is_encrypted and not reader.decrypt(""):
        return PdfReport(is_readable=False)
    catalog = reader.trailer["/Root"].get_object()
    mark_info = catalog.get("/MarkInfo")
    mark_info = mark_info.get_object() if mark_info is not None else {}
    is_tagged = bool(mark_info.get("/Marked", False)) and "/StructTreeRoot" in catalog
    metadata = reader.metadata
    title = str(metadata.title or "").strip() if metadata else ""
    language = str(catalog.get("/Lang", "") or "").strip()
    return PdfReport(
        is_readable=True,
        page_count=len(reader.pages),
        is_tagged=is_tagged,
        title=title[:200],
        language=language[:35],
    )


class PdfRendererUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs cannot be loaded on this server."""


@functools.cache
def pdf_renderer_available():
    """Whether WeasyPrint and its system libraries are installed, without loading them:
    importing WeasyPrint takes about a second, too much for a page that only links a PDF."""
    if importlib.util.find_spec("weasyprint") is None:
        return False
    return all(ctypes.util.find_library(name) for name in ("pango-1.0", "pangoft2-1.0"))


def load_weasyprint():
    """The WeasyPrint module; raises ImportError or OSError when it cannot load."""
    import weasyprint

    return weasyprint


def html_to_pdf(html, *, base_url, files: Mapping[str, Callable[[], bytes]] | None = None):
    """A tagged PDF (PDF/UA-1) from an HTML document, as bytes.

    The document's `<title>` becomes the PDF's title and `<html lang>` its language.
    Nothing is fetched over the network: an image or stylesheet is read only when its URL
    (resolved against `base_url`) is a key of `files`, whose value returns its bytes;
    any other resource is left out. Raises `PdfRendererUnavailable` when WeasyPrint cannot load.
    """
    try:
        weasyprint = load_weasyprint()
    except (ImportError, OSError) as error:
        raise PdfRendererUnavailable(str(error)) from error
    readers = {urljoin(base_url, url): read for url, read in (files or {}).items()}

    class LocalFilesOnly(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            if url not in readers:
                raise ValueError(f"ressource non autorisée dans le PDF : {url}")
            content_type = mimetypes.guess_type(url)[0] or "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(
                url, readers[url](), headers={"Content-Type": content_type}
            )

    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=LocalFilesOnly())
    # PDF/UA-1 turns tagging on (structure tree, /MarkInfo) and writes the XMP metadata.
    return document.write_pdf(pdf_variant="pdf/ua-1")
