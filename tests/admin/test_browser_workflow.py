"""Approval before publication in a real Chromium: the Secrétariat edits « Mentions
légales », a visitor still reads the published text; the Responsable pédagogique (signed in
with the two-step login) compares, sends it back with a comment; the Secrétariat reads the
comment, fixes and submits again; the Responsable approves; the visitor reads the new text.

Also the README's pictures of the workflow and of the two-step login setup page: `make
screenshots` sets SCREENSHOT_DIR and copies them to docs/; an ordinary run keeps them in a
temporary folder.
"""

import os
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from backoffice.models import ApprovalSetting
from pages.models import Page
from tests.staff import SECRETARIAT_PASSWORD

from .test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLISHED = "Le site est édité par l'université de Lorraine."
FIRST_TRY = "Le site est édité par l'UFR SHA, hébergé par la DNum."
FIXED = "Le site est édité par l'UFR SHA de l'université de Lorraine, hébergé par la DNum."
COMMENT = "Précisez que l'UFR fait partie de l'université de Lorraine."
SCREENSHOTS = {
    "pending": "validation-modification-en-attente.png",
    "review": "validation-comparaison.png",
    "returned": "validation-renvoyee.png",
    "two_step": "connexion-en-deux-etapes.png",
}


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, key):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=folder / SCREENSHOTS[key], full_page=True)

    return take


@pytest.fixture
def legal_page(site_content):
    # Transactional tests start from an empty database: the data migration's setting too.
    ApprovalSetting.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Page),
        defaults={"approval_required": True},
    )
    page = Page.objects.get(slug="mentions-legales")
    page.body = f"<p>{PUBLISHED}</p>"
    page.needs_review = False
    page.save()
    return page


def current_code(user):
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def sign_in_with_code(page, live_server, user):
    """The password, then the six-digit code of the authenticator app."""
    TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Application d'authentification"}
    )
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", user.email)
    page.fill("#id_password", SECRETARIAT_PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#id_code")).to_be_visible()
    page.fill("#id_code", current_code(user))
    page.click("input[type=submit]")
    expect(page.locator("#a-traiter")).to_have_text("À traiter")


def replace_body(page, text):
    editor = page.locator(".field-body .ProseMirror >> visible=true").first
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def visitor_reads(visitor, live_server, legal_page):
    visitor.goto(live_server.url + legal_page.get_absolute_url())
    return visitor.locator("main").inner_text()


def test_submit_compare_send_back_fix_and_approve(
    live_server,
    page,
    browser,
    legal_page,
    secretariat_user,
    programme_manager,
    assert_accessible,
    shots,
):
    change_url = live_server.url + reverse("admin:pages_page_change", args=[legal_page.pk])
    visitor = browser.new_context(locale="fr-FR").new_page()
    reviewer = browser.new_context(locale="fr-FR").new_page()

    # The Secrétariat edits the published page and submits it.
    log_in(page, live_server)
    page.goto(change_url)
    expect(page.locator("#validation")).to_contain_text("Validation avant publication")
    replace_body(page, FIRST_TRY)
    page.locator("input[name=_soumettre]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("Modification soumise pour validation")
    expect(page.locator("#validation")).to_contain_text(
        "les visiteurs voient toujours la version publiée"
    )
    expect(page.locator(".field-body .ProseMirror >> visible=true").first).to_contain_text(
        FIRST_TRY
    )
    shots(page, "pending")
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Voir l'aperçu de la modification").click()
    preview = opened.value
    expect(preview.locator(".preview-banner")).to_contain_text("Aperçu de la modification")
    expect(preview.locator("main")).to_contain_text(FIRST_TRY)
    preview.close()

    # A visitor still reads the published text.
    text = visitor_reads(visitor, live_server, legal_page)
    assert PUBLISHED in text and FIRST_TRY not in text
    assert_accessible(visitor)

    # The Responsable pédagogique finds it in « À traiter », compares, sends it back.
    sign_in_with_code(reviewer, live_server, programme_manager)
    reviewer.get_by_role("link", name="Modifications soumises, à valider").click()
    reviewer.get_by_role("link", name="Comparer").first.click()
    changed = reviewer.locator("#champs-modifies")
    expect(changed).to_contain_text("Version publiée")
    expect(changed.locator("del").first).to_contain_text("université")
    expect(changed.locator("ins").first).to_contain_text("UFR")
    shots(reviewer, "review")
    reviewer.get_by_role("button", name="Renvoyer avec un commentaire").click()
    expect(reviewer.locator(".errorlist")).to_contain_text("Écrivez un commentaire")
    reviewer.fill("#id_comment", COMMENT)
    reviewer.get_by_role("button", name="Renvoyer avec un commentaire").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("Modification renvoyée")

    # The Secrétariat reads the comment, fixes the text and submits again.
    page.goto(live_server.url + reverse("admin:index"))
    page.get_by_role(
        "link", name="Modifications renvoyées par le responsable pédagogique, à reprendre"
    ).click()
    page.get_by_role("link", name="Formulaire").first.click()
    expect(page.locator("#commentaire-du-responsable")).to_have_text(COMMENT)
    shots(page, "returned")
    replace_body(page, FIXED)
    page.locator("input[name=_soumettre]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("Modification soumise pour validation")
    assert FIXED not in visitor_reads(visitor, live_server, legal_page)

    # The Responsable approves: the visitor reads the new text at once.
    reviewer.goto(live_server.url + reverse("admin:pages_page_review", args=[legal_page.pk]))
    expect(reviewer.locator("#champs-modifies ins").first).to_contain_text("UFR")
    reviewer.get_by_role("button", name="Approuver et publier maintenant").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("Modification approuvée et publiée")
    text = visitor_reads(visitor, live_server, legal_page)
    assert FIXED in text and PUBLISHED not in text
    assert_accessible(visitor)

    # The history says who submitted and who approved.
    reviewer.goto(live_server.url + reverse("admin:pages_page_history", args=[legal_page.pk]))
    history = reviewer.locator("#change-history")
    expect(history).to_contain_text(f"soumise par {secretariat_user.get_username()}")
    expect(history).to_contain_text(f"approuvée par {programme_manager.get_username()}")


def test_the_two_step_login_setup_page(live_server, page, site_content, secretariat_user, shots):
    """The README's picture of « Sécurité du compte », where staff turn the code on."""
    log_in(page, live_server)
    page.goto(live_server.url + reverse("admin:account_security"))
    expect(page.locator("h1")).to_contain_text("Sécurité du compte")
    expect(page.locator("#content-main svg, #content-main img").first).to_be_visible()
    shots(page, "two_step")
