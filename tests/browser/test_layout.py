"""Pages reachable from the navigation, in a real Chromium: status, structure, axe, keyboard."""

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


def test_wide_screens_show_the_whole_menu_without_a_button(live_server, page, site_content):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + reverse("home"))
    assert not page.locator(".site-nav__toggle").is_visible()
    assert page.locator(".site-nav").get_by_role("link", name="Actualités").is_visible()
