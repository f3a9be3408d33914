"""The site in its two languages, in a real Chromium: each page in French and in English
has the right `lang` and hreflang, its switcher leads to the same page in the other
language and is reached with the keyboard, axe finds nothing, nothing scrolls sideways at
320 px; a browser preferring English is offered the English page on a French one, and
nothing is stored. (Detail pages of each kind of content are tested by their apps.)"""

import io

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAIRS = [
    ("/", "/en/"),
    ("/formation/", "/en/programme/"),
    ("/actualites/", "/en/news/"),
    ("/anciens-etudiants/", "/en/alumni/"),
    ("/documents/", "/en/documents/"),
    ("/recherche/?q=master", "/en/search/?q=master"),
    ("/plan-du-site/", "/en/site-map/"),
    ("/contact/", "/en/contact/"),
    ("/plans-acces/", "/en/access-maps/"),
    ("/mentions-legales/", "/en/legal-notice/"),
    ("/accessibilite/", "/en/accessibility/"),
    ("/donnees-personnelles/", "/en/personal-data/"),
]


@pytest.fixture
def bilingual_site(site_content):
    call_command(
        "generate_demo_content", news=12, alumni=4, documents=4, sections=2, stdout=io.StringIO()
    )


def without_query(url):
    return url.split("?")[0]


def hreflangs(page):
    return page.eval_on_selector_all(
        "link[rel=alternate][hreflang]",
        "links => Object.fromEntries(links.map(l => [l.hreflang, new URL(l.href).pathname]))",
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_page_speaks_its_language_and_switches_to_the_same_page(
    live_server, page, bilingual_site, assert_accessible, language
):
    for french, english in PAIRS:
        here, there = (french, english) if language == "fr" else (english, french)
        response = page.goto(live_server.url + here)
        assert response.status == 200, here
        assert page.get_attribute("html", "lang") == language, here
        assert hreflangs(page) == {
            "fr": without_query(french),
            "en": without_query(english),
            "x-default": without_query(french),
        }, here
        assert_accessible(page)
        switcher = page.locator(".language-switcher__link")
        assert switcher.get_attribute("lang") == ("en" if language == "fr" else "fr")
        switcher.click()
        page.wait_for_load_state()
        assert page.url == live_server.url + without_query(there), here
        assert page.get_attribute("html", "lang") != language


def test_the_switcher_is_reached_and_followed_with_the_keyboard(live_server, page, site_content):
    page.goto(live_server.url + "/formation/")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('language-switcher__link')"):
            break
    else:
        pytest.fail("Le sélecteur de langue n'est pas atteint au clavier")
    # Its accessible name starts with the visible text (WCAG 2.5.3), in English.
    assert page.evaluate("document.activeElement.textContent").startswith("English")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/en/programme/")
    assert page.get_attribute("html", "lang") == "en"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_page_scrolls_sideways_at_320_pixels(live_server, page, bilingual_site, language):
    page.set_viewport_size({"width": 320, "height": 640})
    for french, english in PAIRS:
        url = french if language == "fr" else english
        page.goto(live_server.url + url)
        assert page.locator(".language-switcher__link").is_visible(), url
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url} déborde : {width}px"


def test_a_browser_set_to_french_sees_no_hint(live_server, page, site_content):
    page.goto(live_server.url + "/formation/")
    assert not page.locator(".language-hint").is_visible()


@pytest.fixture
def english_browser(browser):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/Paris")
    yield context.new_page()
    context.close()


def test_a_browser_preferring_english_is_offered_the_english_page(
    live_server, english_browser, site_content, assert_accessible
):
    page = english_browser
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/formation/")
    hint = page.locator(".language-hint")
    assert hint.is_visible()
    assert page.get_attribute("html", "lang") == "fr"  # the page itself stays French
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"le bandeau déborde : {width}px"
    assert_accessible(page)
    assert hint.get_by_role("link").get_attribute("href") == "/en/programme/"

    hint.get_by_role("button", name="Close this suggestion").focus()
    page.keyboard.press("Enter")
    assert not hint.is_visible()
    # Keyboard users land on the switcher, which offers the same link.
    assert page.evaluate("document.activeElement.className") == "language-switcher__link"
    # Nothing remembered: no cookie, no storage; the next French page offers it again.
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    page.goto(live_server.url + "/actualites/")
    assert page.locator(".language-hint").is_visible()
    page.locator(".language-hint__link").click()
    page.wait_for_url(live_server.url + "/en/news/")
    assert not page.locator(".language-hint").is_visible()
