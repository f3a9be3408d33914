"""Uploads are judged by their content, not by their extension alone."""

import pytest
from django.core.exceptions import ValidationError

from core.pdf import inspect_pdf
from documents.pdf_builder import build_pdf
from documents.validation import download_name, safe_stem, validate_document_upload
from tests.documents.conftest import odf_bytes, ooxml_bytes, upload, valid_bytes

ALLOWED = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "odp"]


@pytest.mark.parametrize("extension", ALLOWED)
def test_every_allowed_type_is_accepted_by_its_content(extension):
    file_type = validate_document_upload(upload(f"fichier.{extension}", valid_bytes(extension)))
    assert file_type.extension == extension


def refusal(name, content):
    with pytest.raises(ValidationError) as caught:
        validate_document_upload(upload(name, content))
    return " ".join(caught.value.messages)


def test_executable_renamed_docx_is_refused_as_a_program():
    message = refusal("candidature.docx", b"MZ\x90\x00\x03" + b"\x00" * 200)
    assert "programme exécutable" in message
    assert "« .docx »" in message


def test_html_renamed_pdf_is_refused_as_a_web_page():
    message = refusal("guide.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    assert "page web" in message


def test_empty_file_is_refused():
    assert "vide" in refusal("vide.pdf", b"")


def test_oversize_file_is_refused_with_the_limit(settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 1024
    message = refusal("gros.pdf", b"%PDF-1.7\n" + b"0" * 2048)
    assert "la limite est 1 Ko" in message


def test_extension_outside_the_allowed_list_is_refused(settings):
    assert "Types acceptés" in refusal("script.exe", b"MZ")
    settings.DOCUMENT_ALLOWED_TYPES = ["pdf"]
    assert "Types acceptés : PDF." in refusal("tableau.xlsx", valid_bytes("xlsx"))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tableau.docx", ooxml_bytes("xlsx")),  # a spreadsheet named as a text
        ("texte.pptx", ooxml_bytes("docx")),
        ("sans-types.docx", ooxml_bytes("docx").replace(b"[Content_Types]", b"[Content_Xxxxx]")),
        ("texte.ods", odf_bytes("odt")),  # the mimetype entry says « text »
        ("classeur.odt", ooxml_bytes("docx")),  # a zip, but not an ODF one
        ("document.docx", b"PK\x03\x04 not really a zip"),
        ("document.odp", b"Lorem ipsum dolor sit amet"),
    ],
)
def test_wrong_content_under_an_allowed_extension_is_refused(name, content):
    message = refusal(name, content)
    assert "refusé" in message or "ne correspond pas" in message or "endommagé" in message


def test_odf_without_mimetype_first_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<x/>")
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    assert "ne correspond pas à un document ODT" in refusal("texte.odt", buffer.getvalue())


def test_stored_name_has_no_path_no_control_characters_and_a_bounded_length():
    assert safe_stem("../../etc/passwd.pdf") == "passwd"
    assert safe_stem("..\\..\\windows\\win.ini") == "win"
    assert safe_stem("Fiche\x00\x1f d'inscription 2026.pdf") == "fiche-dinscription-2026"
    assert len(safe_stem("a" * 500 + ".pdf")) <= 60
    assert safe_stem("...") == "document"


def test_download_name_keeps_the_readable_title():
    assert download_name("Guide du mémoire 2026/2027", "pdf") == "Guide du mémoire 2026 2027.pdf"
    assert download_name("\x00", "docx") == "document.docx"


def test_pdf_report_reads_tags_title_and_language():
    report = inspect_pdf(build_pdf("x", title="Calendrier", language="fr-FR", tagged=True))
    assert report.is_accessible_enough
    assert (report.page_count, report.title, report.language) == (1, "Calendrier", "fr-FR")
    bare = inspect_pdf(build_pdf("x"))
    assert not bare.is_tagged and not bare.title and not bare.language
    assert len(bare.advice()) == 4


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4\n", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer << /Root 9 0 R >>\n%%EOF"],
)
def test_malformed_pdf_is_reported_unreadable_without_error(content):
    report = inspect_pdf(content)
    assert not report.is_readable
    assert "n'a pas pu être analysé" in report.advice()[0]
