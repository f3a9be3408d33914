"""The documents pages and the secretariat's journey, in a real Chromium."""

import urllib.request

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from documents.models import Document
from documents.pdf_builder import build_pdf
from tests.documents.conftest import media_files
from tests.staff import SECRETARIAT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_documents(make_document, category):
    from documents.models import Category

    stage, _ = Category.objects.update_or_create(
        slug="stage", defaults={"name": "Stage", "order": 20}
    )
    make_document("Dossier de candidature 2026", is_featured=True, description="À rendre en mai.")
    make_document(
        "Guide du mémoire",
        extension="docx",
        accessible_summary="<p>Le mémoire compte <strong>60 pages</strong> au plus.</p>",
    )
    make_document("Convention de stage", category=stage, extension="odt", language="en")


def visitor_get(url):
    with urllib.request.urlopen(url) as response:  # noqa: S310 - the local live server
        return response.status, response.headers, response.read()


def test_list_page_is_accessible_and_keyboard_reachable(
    live_server, page, site_content, published_documents, assert_accessible
):
    page.goto(live_server.url + reverse("documents:list"))
    assert page.locator("h1").inner_text() == "Documents utiles"
    assert page.locator("h2").all_inner_texts()[:2] == ["Candidature", "Stage"]
    assert page.get_by_text("PDF, ").first.is_visible()
    page.locator("summary").first.focus()
    page.keyboard.press("Enter")
    assert page.get_by_text("Le mémoire compte").is_visible()
    assert_accessible(page)


def test_list_page_holds_up_at_320_pixels(live_server, page, site_content, published_documents):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + reverse("documents:list"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_home_shows_key_documents_and_stays_accessible(
    live_server, page, site_content, published_documents, assert_accessible
):
    page.goto(live_server.url + reverse("home"))
    section = page.locator(".home-documents")
    assert "Dossier de candidature 2026" in section.inner_text()
    assert "Guide du mémoire" not in section.inner_text()
    assert_accessible(page)


def test_staff_uploads_publishes_and_replaces_a_pdf_behind_the_same_link(
    live_server, page, site_content, category, secretariat_user, settings
):
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", secretariat_user.username)
    page.fill("#id_password", SECRETARIAT_PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()

    first_pdf = build_pdf("Version 1", title="Calendrier", language="fr-FR", tagged=True)
    page.goto(live_server.url + reverse("admin:documents_document_add"))
    page.locator("#id_title").press_sequentially("Calendrier universitaire")
    assert page.input_value("#id_slug") == "calendrier-universitaire"  # prepopulated
    page.select_option("#id_category", str(category.pk))
    page.set_input_files(
        "#id_file", {"name": "calendrier.pdf", "mimeType": "application/pdf", "buffer": first_pdf}
    )
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_have_count(1)

    link = live_server.url + "/documents/calendrier-universitaire/"
    status, headers, body = visitor_get(link)
    assert (status, headers["Content-Type"], body) == (200, "application/pdf", first_pdf)

    second_pdf = build_pdf("Version 2", title="Calendrier v2", language="fr-FR", tagged=True)
    page.goto(live_server.url + reverse("admin:documents_document_changelist"))
    page.get_by_role("link", name="Calendrier universitaire").click()
    assert "calendrier.pdf (PDF" in page.locator(".field-current_file").inner_text()
    view_on_site = page.get_by_role("link", name="Voir sur le site")
    assert view_on_site.get_attribute("href") == "/documents/calendrier-universitaire/"
    page.set_input_files(
        "#id_file",
        {"name": "calendrier-v2.pdf", "mimeType": "application/pdf", "buffer": second_pdf},
    )
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("Fichier remplacé")
    message = page.locator(".messagelist").inner_text()
    assert "Fichier remplacé : calendrier.pdf" in message
    assert "→ calendrier-v2.pdf" in message

    status, headers, body = visitor_get(link)
    assert (status, body) == (200, second_pdf)
    document = Document.objects.get()
    assert media_files(settings) == [document.file.name]
