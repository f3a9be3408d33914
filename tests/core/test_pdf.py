"""core.pdf.html_to_pdf: a tagged PDF from HTML, with nothing fetched but the files given."""

import io

import pytest
from pypdf import PdfReader

from core import pdf
from core.pdf import PdfRendererUnavailable, html_to_pdf, inspect_pdf
from tests.programme.conftest import image_bytes

PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Calendrier des examens</title></head><body><h1>Examens</h1>{body}</body></html>"""


def test_the_pdf_takes_its_title_and_language_from_the_html_and_is_tagged(pdf_renderer):
    report = inspect_pdf(html_to_pdf(PAGE.format(body="<p>Session 1</p>"), base_url="http://x/"))
    assert report.is_tagged
    assert (report.title, report.language) == ("Calendrier des examens", "fr")


def test_only_the_files_given_are_read_and_nothing_is_fetched_from_the_network(pdf_renderer):
    body = (
        '<img src="/media/logo.png" alt="Logo">'
        '<img src="https://images.example.org/tracker.png" alt="Extérieure">'
    )
    content = html_to_pdf(
        PAGE.format(body=body),
        base_url="http://site.example/",
        files={"/media/logo.png": lambda: image_bytes(image_format="PNG")},
    )
    assert len(PdfReader(io.BytesIO(content)).pages[0].images) == 1


def test_a_missing_system_library_is_reported_as_an_unavailable_renderer(monkeypatch):
    def missing_library():
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "load_weasyprint", missing_library)
    with pytest.raises(PdfRendererUnavailable):
        html_to_pdf(PAGE.format(body=""), base_url="http://x/")
