"""The Content-Security-Policy in a real Chromium: nothing blocked, public pages or admin."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from backoffice.roles import SECRETARIAT
from pages.navigation import FOOTER, NAVIGATION, build_navigation
from programme.models import Programme
from tests.staff import SECRETARIAT_EMAIL, SECRETARIAT_PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every violation the page sees, recorded before any of its own scripts run.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def watched_page(page):
    console_errors = []
    page.on(
        "console",
        lambda message: (
            console_errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    failed_urls = []
    page.on(
        "response",
        # The browser asks for /favicon.ico by itself; the layout declares none yet.
        lambda response: (
            failed_urls.append(response.url)
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)

    def violations():
        return page.evaluate("window.__cspViolations") + [
            text for text in console_errors if "Content Security Policy" in text
        ]

    page.violations = violations
    page.console_errors = console_errors
    page.failed_urls = failed_urls
    return page


def public_urls():
    """Every page linked from the navigation and the footer (apps not wired yet are absent)."""
    urls = []
    for link in build_navigation(None, NAVIGATION) + build_navigation(None, FOOTER):
        urls += [link.url] if link.url else []
        urls += [child.url for child in link.children]
    return list(dict.fromkeys(urls))


def test_public_pages_run_under_the_strict_policy_without_violation(
    live_server, watched_page, site_content
):
    for url in public_urls():
        response = watched_page.goto(live_server.url + url)
        assert "unsafe-inline" not in response.headers["content-security-policy"], url
        watched_page.wait_for_load_state("networkidle")
        assert watched_page.violations() == [], url
        assert watched_page.console_errors == [], url
        assert watched_page.failed_urls == [], url
    watched_page.goto(live_server.url + reverse("home"))
    # The stylesheets did apply: the header is laid out by site.css.
    assert (
        watched_page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position")
        == "absolute"
    )


def test_staff_log_in_and_edit_in_the_admin_without_violation(
    live_server, watched_page, site_content
):
    make_staff(get_user_model(), SECRETARIAT_EMAIL, SECRETARIAT)
    page = watched_page
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", SECRETARIAT_EMAIL)
    page.fill("#id_password", SECRETARIAT_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))

    page.goto(live_server.url + reverse("admin:programme_programme_change", args=[1]))
    page.fill("#id_pitch", "Présentation revue depuis l'administration.")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_have_count(1)
    assert Programme.load().pitch == "Présentation revue depuis l'administration."

    page.goto(live_server.url + reverse("admin:core_image_add"))
    page.wait_for_load_state("networkidle")
    assert page.violations() == []
    assert page.console_errors == []
    assert page.failed_urls == []


def test_rich_text_editor_loads_under_the_admin_policy(
    live_server, watched_page, site_content, settings
):
    settings.ROOT_URLCONF = "tests.prod.urls"
    response = watched_page.goto(live_server.url + "/admin/essai-editeur/")
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]
    editor = watched_page.locator(".prose-editor [contenteditable=true]")
    editor.click()
    watched_page.keyboard.type("Texte saisi dans l'éditeur")
    assert "Texte saisi dans l'éditeur" in editor.inner_text()
    assert watched_page.violations() == []
