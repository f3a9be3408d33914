"""The site pages in a real Chromium: axe, 320 px, keyboard use of the search box, contact."""

import pytest

from pages.models import ContactMessage, Page
from tests.pages.conftest import signed_in_the_past

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/plans-acces/",
    "/mentions-legales/",
    "/accessibilite/",
    "/donnees-personnelles/",
    "/contact/",
    "/contact/?envoye=1",
    "/plan-du-site/",
    "/recherche/",
    "/recherche/?q=insertion",
    "/recherche/?q=zzzzqqqq",
]


@pytest.fixture
def searchable_content(site_content):
    page = Page.objects.get(slug="mentions-legales")
    page.body += "<p>Les élèves et l'Insertion professionnelle.</p>"
    page.save()


def test_site_pages_are_accessible(live_server, page, searchable_content, assert_accessible):
    for path in PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_site_pages_hold_up_at_320_pixels(live_server, page, searchable_content, tmp_path):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in PAGES:
        page.goto(live_server.url + path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, f"{path} déborde : {scroll_width}px"
        # On a phone the search waits behind its button, which opens it.
        assert not page.locator("#site-search-q").is_visible()
        page.locator(".site-search-toggle").click()
        assert page.locator("#site-search-q").is_visible()
    page.goto(live_server.url + "/recherche/?q=insertion")
    page.screenshot(path=tmp_path / "search-320.png", full_page=True)


def test_header_search_box_works_with_the_keyboard(live_server, page, searchable_content):
    page.goto(live_server.url + "/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-q":
            break
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("eleves")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?q=eleves")
    assert page.locator("h1").inner_text() == "Recherche"
    assert page.locator(".search-result mark").first.inner_text() == "élèves"
    page.keyboard.press("Tab")  # the button follows the field in the tab order
    page.goto(live_server.url + "/")
    page.locator("#site-search-q").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Rechercher"


def test_contact_form_errors_then_success_in_the_browser(
    live_server, page, site_content, assert_accessible
):
    page.goto(live_server.url + "/contact/")
    page.get_by_role("button", name="Envoyer le message").click()
    assert page.locator(".form-errors").is_visible()
    assert "Indiquez votre nom." in page.locator(".form-errors").inner_text()
    assert_accessible(page)
    assert ContactMessage.objects.count() == 0

    page.fill("#id_name", "Camille Martin")
    page.fill("#id_email", "camille@exemple.fr")
    page.fill("#id_subject", "Question sur l'alternance")
    page.fill("#id_message", "Bonjour, le master est-il ouvert en alternance ?")
    page.check("#id_consent")
    # A person takes more than the minimum fill time; the test does not wait for it.
    page.evaluate(
        "value => document.querySelector('[name=form_started]').value = value",
        signed_in_the_past(),
    )
    page.get_by_role("button", name="Envoyer le message").click()
    page.wait_for_url("**/contact/?envoye=1")
    assert page.get_by_role("heading", name="Votre message a bien été envoyé").is_visible()
    assert ContactMessage.objects.get().subject == "Question sur l'alternance"
