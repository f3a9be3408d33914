"""Pages reachable from the navigation, in a real Chromium: status, structure, axe, keyboard."""

import time

import pytest
from django.urls import reverse

from pages.navigation import NAVIGATION, build_navigation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def navigation_urls():
    urls = []
    for link in build_navigation(None, NAVIGATION):
        if link.url:
            urls.append(link.url)
        urls.extend(child.url for child in link.children)
    return urls


def test_every_navigation_page_loads_and_is_accessible(
    live_server, page, site_content, assert_accessible
):
    for path in navigation_urls():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == "fr"
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_skip_link_is_first_tab_stop_and_reaches_content(live_server, page, site_content):
    page.goto(live_server.url + reverse("home"))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#contenu"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_pages_hold_up_at_320_pixels(live_server, page, site_content, tmp_path):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in navigation_urls():
        page.goto(live_server.url + path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, f"{path} déborde : {scroll_width}px"
    page.goto(live_server.url + reverse("home"))
    page.screenshot(path=tmp_path / "home-320.png", full_page=True)


def test_phone_menu_folds_behind_a_button_and_opens_with_the_keyboard(
    live_server, page, site_content, assert_accessible
):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + reverse("home"))
    toggle = page.locator(".site-nav__toggle")
    news_link = page.locator(".site-nav").get_by_role("link", name="Actualités")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not news_link.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert news_link.is_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not news_link.is_visible()


LAYOUT_SHIFTS = """() => new Promise(resolve => {
    new PerformanceObserver(list => resolve(list.getEntries().map(entry => entry.value)))
        .observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve([]), 300);
})"""


def test_phones_draw_the_folded_header_before_the_script_runs(live_server, page, site_content):
    """No layout shift when nav.js folds the menu and the search (Lighthouse's CLS): the page
    is painted folded already, here with the script held back until after the first paint."""

    def late_script(route):
        time.sleep(0.5)
        route.continue_()

    page.set_viewport_size({"width": 412, "height": 823})
    page.route("**/js/nav*.js", late_script)
    page.goto(live_server.url + reverse("home"))
    assert page.locator(".site-nav__toggle").get_attribute("aria-expanded") == "false"
    assert page.evaluate(LAYOUT_SHIFTS) == []
    assert not page.locator("#site-search-q").is_visible()


def test_wide_screens_show_the_whole_menu_without_a_button(live_server, page, site_content):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + reverse("home"))
    assert not page.locator(".site-nav__toggle").is_visible()
    assert page.locator(".site-nav").get_by_role("link", name="Actualités").is_visible()


def nav_link_tops(page):
    """The distinct `top` of the main navigation's links (its lines), in CSS pixels."""
    return sorted(
        {
            round(box["y"])
            for box in page.locator(".site-nav a, .site-nav__group-label").evaluate_all(
                "elements => elements.map(element => element.getBoundingClientRect())"
            )
        }
    )


def test_navigation_holds_on_one_line_at_1280_and_two_at_1024(live_server, page, site_content):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + reverse("home"))
    top_level = page.locator(".site-nav__list > li").evaluate_all(
        "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
    )
    assert len(top_level) == 6
    assert len(set(top_level)) == 1, f"entrées sur plusieurs lignes à 1280 px : {top_level}"
    assert len(nav_link_tops(page)) == 1
    page.set_viewport_size({"width": 1024, "height": 800})
    assert len(nav_link_tops(page)) <= 2, nav_link_tops(page)


def test_header_takes_at_most_a_fifth_of_a_phone_screen(live_server, page, site_content):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + reverse("home"))
    assert page.locator(".site-nav__toggle").get_attribute("aria-expanded") == "false"
    bottom = page.evaluate(
        "Math.max(...['.site-header', '.site-nav'].map("
        "selector => document.querySelector(selector).getBoundingClientRect().bottom))"
    )
    assert bottom <= 128, f"en-tête et menu replié : {bottom}px sur 640"
    assert page.locator("main h1").bounding_box()["y"] < 200


def test_phone_search_opens_behind_its_button_and_works(live_server, page, site_content):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + reverse("home"))
    toggle = page.locator(".site-search-toggle")
    field = page.locator("#site-search-q")
    assert not field.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    field.fill("insertion")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?q=insertion")
    page.locator("main h1").wait_for()


def test_without_javascript_the_search_and_the_menu_stay_open_on_phones(
    live_server, browser, site_content
):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("home"))
        assert page.locator("#site-search-q").is_visible()
        assert page.locator(".site-nav").get_by_role("link", name="Actualités").is_visible()
        assert not page.locator(".site-nav__toggle").is_visible()
        assert not page.locator(".site-search-toggle").is_visible()
    finally:
        context.close()


def test_header_shows_the_phone_the_french_way_with_an_international_link(
    live_server, page, site_content
):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + reverse("home"))
    phone = page.locator(".site-header__phone")
    assert phone.get_attribute("href") == "tel:+33387315638"
    assert phone.inner_text().split("\n")[-1] == "03 87 31 56 38"
    assert page.locator(".site-header").get_by_role("link", name="Contact").is_visible()
    assert page.locator(".site-header__address").is_visible()
