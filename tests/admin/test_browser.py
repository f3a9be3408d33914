"""Journeys of a secretariat member (not a superuser) in a real Chromium."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from programme.models import Programme

from .conftest import SECRETARIAT_EMAIL, SECRETARIAT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = Path(settings.BASE_DIR) / "docs" / "admin-accueil.png"
NEW_PITCH = "Le master forme les cadres qui conçoivent et conduisent les politiques sociales."


def log_in(page, live_server, password=SECRETARIAT_PASSWORD):
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", SECRETARIAT_EMAIL)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


def edit_pitch(page, live_server, text):
    page.goto(live_server.url + reverse("admin:index"))
    page.get_by_role("link", name="Fiche formation").first.click()
    page.locator("#result_list tbody a").first.click()
    page.fill("#id_pitch", text)
    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist")).to_contain_text("Modifié : présentation courte.")


def test_secretariat_edits_the_programme_card_and_sees_it_on_the_site(
    live_server, page, site_content, secretariat_user
):
    log_in(page, live_server)
    expect(page.locator("#a-traiter")).to_have_text("À traiter")
    page.set_viewport_size({"width": 1280, "height": 800})
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOT, full_page=True)

    edit_pitch(page, live_server, NEW_PITCH)
    page.goto(live_server.url + reverse("home"))
    expect(page.locator(".hero__pitch")).to_have_text(NEW_PITCH)


def test_secretariat_undoes_the_edit_from_the_history(
    live_server, page, site_content, secretariat_user
):
    original_pitch = Programme.load().pitch
    log_in(page, live_server)
    edit_pitch(page, live_server, NEW_PITCH)
    page.goto(live_server.url + reverse("admin:programme_programme_change", args=[1]))
    page.get_by_role("link", name="Historique").click()
    # The oldest line is the state before the first change: restore it.
    page.locator("#change-history tbody tr").last.get_by_role("link").click()
    expect(page.locator("#id_pitch")).to_have_value(original_pitch)
    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist")).to_be_visible()
    page.goto(live_server.url + reverse("home"))
    expect(page.locator(".hero__pitch")).to_have_text(original_pitch)


def test_leaving_a_changed_form_warns_but_saving_does_not(
    live_server, page, site_content, secretariat_user
):
    log_in(page, live_server)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.goto(live_server.url + reverse("admin:programme_programme_change", args=[1]))
    page.fill("#id_degree", "Master professionnel, mention Sociologie")
    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert dialogs == []

    page.goto(live_server.url + reverse("admin:programme_programme_change", args=[1]))
    page.fill("#id_degree", "Une modification oubliée")
    page.close(run_before_unload=True)
    page.wait_for_timeout(200)  # the dialog event is delivered asynchronously
    assert dialogs == ["beforeunload"]


def test_five_wrong_passwords_lock_the_account_with_a_french_message(
    live_server, page, site_content, secretariat_user, assert_accessible
):
    for _attempt in range(5):
        log_in(page, live_server, password="pas-le-bon")
    expect(page.locator("h1")).to_have_text("Connexion bloquée")
    expect(page.get_by_role("alert")).to_contain_text("après 5 mots de passe erronés")
    assert_accessible(page)
    log_in(page, live_server)
    expect(page.locator("h1")).to_have_text("Connexion bloquée")


def test_password_reset_page_is_accessible(live_server, page, site_content, assert_accessible):
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_role("link", name="Identifiants de connexion oubliés ?").click()
    expect(page.locator("h1")).to_have_text("Mot de passe oublié")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
