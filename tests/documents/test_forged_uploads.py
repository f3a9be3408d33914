"""Forged documents are refused for what they are, with the reason in French: a PDF must
open with pypdf and have pages, an office file must be a sound archive of its format,
within bounds (no « zip bomb »)."""

import pytest
from django.core.exceptions import ValidationError

from core.pdf import PdfPasswordProtected, PdfUnreadable, PdfWithoutPages, count_pdf_pages
from documents.validation import validate_document_upload
from tests import forged_files
from tests.documents.conftest import upload

OFFICE_TYPES = ["docx", "xlsx", "pptx", "odt", "ods", "odp"]


def refusal(name, content):
    with pytest.raises(ValidationError) as caught:
        validate_document_upload(upload(name, content))
    return " ".join(caught.value.messages)


def test_html_behind_a_pdf_header_is_refused_as_a_web_page():
    message = refusal("guide.pdf", forged_files.html_behind_pdf_header())
    assert "n'est pas un PDF lisible" in message
    assert "page web (HTML) précédée d'un en-tête PDF" in message


def test_a_truncated_pdf_is_refused_as_damaged():
    message = refusal("calendrier.pdf", forged_files.truncated_pdf())
    assert "n'est pas un PDF lisible : sa structure est endommagée" in message


def test_a_pdf_without_pages_is_refused():
    assert "aucune page" in refusal("vide.pdf", forged_files.pdf_without_pages())


def test_a_pdf_that_needs_a_password_to_open_is_refused():
    message = refusal("protege.pdf", forged_files.password_protected_pdf(user_password="secret"))
    assert "protégé par un mot de passe d'ouverture" in message


def test_a_pdf_restricted_by_its_owner_only_opens_for_everyone_and_is_accepted():
    content = forged_files.password_protected_pdf(user_password="")
    assert validate_document_upload(upload("formulaire.pdf", content)).extension == "pdf"


def test_a_pdf_that_runs_javascript_when_opened_is_refused_with_a_way_out():
    # Chromium's viewer runs a PDF's JavaScript whatever the page's policy: never accepted.
    message = refusal("script.pdf", forged_files.pdf_with_javascript("app.alert('x');"))
    assert "contient des scripts" in message
    assert "PDF/A" in message


@pytest.mark.parametrize(
    "action",
    [
        b"<< /S /JavaScript /JS (app.alert(1)) >>",
        b"<< /S /Launch /F (calc.exe) >>",
    ],
    ids=["javascript", "launch"],
)
def test_a_script_hidden_in_a_link_of_a_page_is_found_and_refused(action):
    message = refusal("lien.pdf", forged_files.pdf_with_script_in_link(action))
    assert "contient des scripts" in message


def test_a_pdf_whose_links_only_open_web_addresses_is_accepted():
    content = forged_files.pdf_with_script_in_link(
        b"<< /S /URI /URI (https://www.univ-lorraine.fr/) >>"
    )
    assert validate_document_upload(upload("liens.pdf", content)).extension == "pdf"


def test_page_count_is_strict_where_the_accessibility_report_is_lenient():
    assert count_pdf_pages(forged_files.valid_bytes("pdf")) == 1
    with pytest.raises(PdfUnreadable):
        count_pdf_pages(forged_files.html_behind_pdf_header())
    with pytest.raises(PdfWithoutPages):
        count_pdf_pages(forged_files.pdf_without_pages())
    with pytest.raises(PdfPasswordProtected):
        count_pdf_pages(forged_files.password_protected_pdf())


@pytest.mark.parametrize("extension", OFFICE_TYPES)
def test_a_zip_bomb_is_refused_before_it_is_decompressed(extension):
    message = refusal(f"rapport.{extension}", forged_files.zip_bomb(extension))
    assert "bombe de décompression" in message
    assert "plus de 100 fois" in message


@pytest.mark.parametrize("extension", OFFICE_TYPES)
def test_an_archive_too_large_once_decompressed_is_refused(settings, extension):
    settings.DOCUMENT_ARCHIVE_MAX_UNCOMPRESSED_BYTES = 200 * 1024
    content = forged_files.incompressible_members(extension, count=3, member_bytes=100 * 1024)
    message = refusal(f"rapport.{extension}", content)
    assert "une fois décompressé ; la limite est 200 Ko" in message


@pytest.mark.parametrize("extension", OFFICE_TYPES)
def test_an_archive_with_too_many_members_is_refused(settings, extension):
    settings.DOCUMENT_ARCHIVE_MAX_MEMBERS = 10
    content = forged_files.incompressible_members(extension, count=10, member_bytes=10)
    message = refusal(f"rapport.{extension}", content)
    assert "éléments, bien plus qu'un document bureautique (limite : 10)" in message


@pytest.mark.parametrize("extension", OFFICE_TYPES)
def test_an_encrypted_archive_is_refused(extension):
    message = refusal(f"rapport.{extension}", forged_files.encrypted_zip(extension))
    assert "chiffré par un mot de passe" in message


@pytest.mark.parametrize("extension", OFFICE_TYPES)
def test_an_archive_whose_content_fails_its_checksum_is_refused_as_damaged(extension):
    message = refusal(f"rapport.{extension}", forged_files.corrupted_zip(extension))
    assert "est endommagé" in message


@pytest.mark.parametrize("extension", ["docx", "xlsx", "pptx"])
def test_a_password_protected_or_old_office_file_is_named_as_such(extension):
    message = refusal(f"rapport.{extension}", forged_files.ole_file())
    assert "protégé par un mot de passe, ou un ancien format Office" in message


@pytest.mark.parametrize(
    ("name", "content", "missing"),
    [
        (
            "texte.docx",
            forged_files.ooxml_bytes("docx").replace(b"_rels/.rels", b"_rels/.xxxx"),
            "il y manque « _rels/.rels »",
        ),
        (
            "texte.odt",
            forged_files.odf_bytes("odt", members={"content.xml": "<x/>"}),
            "il y manque « META-INF/manifest.xml »",
        ),
        (
            "texte.odt",
            forged_files.odf_bytes("odt", members={"META-INF/manifest.xml": "<m/>"}),
            "il y manque « content.xml »",
        ),
        (
            "classeur.ods",
            forged_files.odf_bytes("odt"),
            "« mimetype » en tête, valant « application/vnd.oasis.opendocument.spreadsheet »",
        ),
    ],
)
def test_an_archive_without_the_members_of_its_format_says_which_is_missing(name, content, missing):
    assert missing in refusal(name, content)


@pytest.mark.parametrize("extension", OFFICE_TYPES)
def test_a_genuine_office_file_with_ordinary_images_is_accepted(extension):
    # Incompressible members (photos) of a few hundred kilobytes: far within every bound.
    content = forged_files.incompressible_members(extension, count=3, member_bytes=300 * 1024)
    assert validate_document_upload(upload(f"rapport.{extension}", content)).extension == extension


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("dossier.pdf", forged_files.executable()),
        ("dossier.docx", forged_files.html_page()),
        ("dossier.odt", forged_files.svg_with_script()),
        ("dossier.pdf", forged_files.image_bytes()),
    ],
)
def test_other_content_under_a_document_extension_is_refused(name, content):
    assert "Le fichier a été refusé" in refusal(name, content)
