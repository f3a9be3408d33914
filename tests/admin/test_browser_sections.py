"""The sections' admin and the preview links in a real Chromium (issue 15)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.publication import PublicationStatus
from programme.models import Section
from tests.staff import SECRETARIAT_EMAIL, SECRETARIAT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server):
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", SECRETARIAT_EMAIL)
    page.fill("#id_password", SECRETARIAT_PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#a-traiter")).to_have_text("À traiter")


def test_add_a_sub_part_from_its_parent_and_see_it_numbered(
    live_server, page, site_content, secretariat_user
):
    why = Section.objects.get(slug="pourquoi-ce-master")
    letter = chr(ord("a") + why.children.count())
    log_in(page, live_server)
    page.goto(live_server.url + reverse("admin:programme_section_change", args=[why.pk]))
    page.locator(".inline-group .add-row a").click()
    row = page.locator(".inline-related:not(.empty-form)").last
    row.locator("input[name$='-title']").fill("Un point ajouté depuis la partie")
    expect(row.locator("select[name$='-status']")).to_have_value("")
    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Sous-partie « Un point ajouté depuis la partie » ajoutée à « "
    )
    page.goto(live_server.url + reverse("programme:presentation"))
    heading = page.get_by_role("heading", name="Un point ajouté depuis la partie")
    expect(heading).to_contain_text(f"{letter}.")


def test_reorder_the_sections_without_javascript(
    live_server, browser, site_content, secretariat_user
):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    origins = Section.objects.get(slug="origines-de-la-formation")
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", SECRETARIAT_EMAIL)
    page.fill("#id_password", SECRETARIAT_PASSWORD)
    page.click("input[type=submit]")
    page.goto(live_server.url + reverse("admin:programme_section_changelist"))
    page.get_by_role("button", name="Monter « Origines de la formation »").click()
    expect(page.locator(".messagelist")).to_contain_text("Origines de la formation")
    page.goto(live_server.url + reverse("programme:presentation"))
    expect(page.locator(f"#{origins.slug}-titre")).to_contain_text("1.")
    context.close()


def test_copy_a_preview_link(live_server, browser, site_content, secretariat_user):
    context = browser.new_context(locale="fr-FR")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    section = Section.objects.get(slug="pourquoi-ce-master")
    section.status = PublicationStatus.DRAFT
    section.save()
    log_in(page, live_server)
    page.goto(live_server.url + reverse("admin:programme_section_change", args=[section.pk]))
    page.get_by_role("button", name="Créer un lien d'aperçu").click()
    field = page.locator("#apercu-partageable input[type=text]").first
    link = field.input_value()
    assert "apercu=" in link
    page.get_by_role("button", name="Copier le lien").first.click()
    expect(page.locator("#apercu-partageable [role=status]").first).to_have_text(
        "Lien copié : collez-le dans votre message."
    )
    assert page.evaluate("navigator.clipboard.readText()") == link


def test_without_the_clipboard_api_the_link_is_selected(
    live_server, browser, site_content, secretariat_user
):
    context = browser.new_context(locale="fr-FR")
    # As in a browser without the API (or an http:// address that is not local).
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page = context.new_page()
    section = Section.objects.get(slug="pourquoi-ce-master")
    section.status = PublicationStatus.DRAFT
    section.save()
    log_in(page, live_server)
    page.goto(live_server.url + reverse("admin:programme_section_change", args=[section.pk]))
    page.get_by_role("button", name="Créer un lien d'aperçu").click()
    field = page.locator("#apercu-partageable input[type=text]").first
    page.get_by_role("button", name="Copier le lien").first.click()
    expect(page.locator("#apercu-partageable [role=status]").first).to_contain_text("Ctrl+C")
    selected = page.evaluate(
        "(() => { const f = document.activeElement;"
        " return f.value.substring(f.selectionStart, f.selectionEnd); })()"
    )
    assert selected == field.input_value()
    context.close()
