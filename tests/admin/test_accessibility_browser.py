"""The accessibility warnings under a rich-text field follow what staff type, in Chromium:
the editor's text goes to the server's check after a pause, the list is replaced."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pages.models import Page

from .test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_warnings_follow_the_text_as_it_is_typed(
    live_server, page, site_content, secretariat_user
):
    legal = Page.objects.get(slug="mentions-legales")
    legal.body = "<h2>Éditeur</h2><h4>Hébergeur</h4>"
    legal.save()
    log_in(page, live_server)
    page.goto(live_server.url + reverse("admin:pages_page_change", args=[legal.pk]))
    # The French field's own box: its English twin shares the row (core/translation.py).
    box = page.locator(".fieldBox.field-body .accessibility-check")
    # Rendered by the server with the form: the saved text's warning.
    expect(box.locator("li")).to_have_count(1)
    expect(box).to_contain_text("Niveau de titre sauté : « Hébergeur »")
    expect(box).to_have_attribute("aria-live", "polite")

    editor = page.locator(".fieldBox.field-body .ProseMirror >> visible=true").first
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Le calendrier ")
    # « #### » at the start of a line makes a level-4 heading (the editor's shortcut).
    page.keyboard.press("Enter")
    page.keyboard.type("#### Contacts")
    expect(box).to_contain_text("Niveau de titre sauté : « Contacts » est un titre de niveau 4")
    expect(box).not_to_contain_text("Hébergeur")

    page.keyboard.press("Control+A")
    page.keyboard.type("Un texte sans titre.")
    expect(box.locator("li")).to_have_count(0)
    expect(box).to_have_text("Accessibilité : plus rien à revoir dans ce champ.")
