"""The rich-text editor speaks French to the secretariat (toolbar, menus, link dialog)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programme.models import Section
from tests.staff import SECRETARIAT_EMAIL, SECRETARIAT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENGLISH = re.compile(
    r"\b(heading|insert|merge|split|delete|add|edit|link|bold|italic|undo|redo)\b", re.I
)


def test_toolbar_titles_and_link_dialog_are_french(
    live_server, page, site_content, secretariat_user
):
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", SECRETARIAT_EMAIL)
    page.fill("#id_password", SECRETARIAT_PASSWORD)
    page.click("input[type=submit]")
    section = Section.objects.filter(parent=None).order_by("order", "pk").first()
    page.goto(live_server.url + reverse("admin:programme_section_change", args=[section.pk]))
    menubar = page.locator(".field-body .prose-menubar >> visible=true").first
    expect(menubar.locator("[title]").first).to_be_visible()

    titles = menubar.locator("[title]").evaluate_all("els => els.map(e => e.title)")
    assert titles
    options = menubar.locator(".prose-menubar__option").evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    assert "Titre de niveau 2" in options
    assert "Paragraphe" in options
    assert "Insérer un lien" in titles
    assert "Insérer un tableau" in titles
    assert "Fusionner les cellules" in titles
    assert not [title for title in titles + options if ENGLISH.search(title)], titles

    editor = page.locator(".field-body .ProseMirror >> visible=true").first
    editor.click()
    page.keyboard.press("Control+A")
    menubar.locator("[title='Insérer un lien']").click()
    dialog = page.locator(".prose-editor-dialog >> visible=true").first
    expect(dialog).to_contain_text("Modifier le lien")
    expect(dialog).to_contain_text("Adresse (URL)")
    expect(dialog).to_contain_text("Titre")
    assert not ENGLISH.search(dialog.inner_text()), dialog.inner_text()
