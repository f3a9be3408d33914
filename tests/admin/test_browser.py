"""Journeys of a secretariat member (not a superuser) in a real Chromium."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from alumni.models import Alumnus
from core.publication import PublicationStatus
from documents.pdf_builder import build_pdf
from pages.models import ContactMessage
from programme.models import Section
from tests.staff import SECRETARIAT_EMAIL, SECRETARIAT_PASSWORD

from .conftest import (
    make_contact_message,
    make_document,
    make_news,
    make_submission,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The README's picture of the admin home: `make screenshots` sets SCREENSHOT_DIR and copies
# it to docs/; an ordinary test run keeps it in a temporary folder.
SCREENSHOT_NAME = "admin-accueil.png"
NEW_TEXT = "Le master forme les cadres qui conçoivent et conduisent les politiques sociales."


@pytest.fixture
def secretariat_page(live_server, page, site_content, secretariat_user):
    """A browser logged in as a member of the « Secrétariat » group, not a superuser."""
    assert not secretariat_user.is_superuser
    log_in(page, live_server)
    expect(page.locator("#a-traiter")).to_have_text("À traiter")
    return page


def log_in(page, live_server, password=SECRETARIAT_PASSWORD):
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", SECRETARIAT_EMAIL)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


def first_section():
    return Section.objects.filter(parent=None).order_by("order", "pk").first()


def replace_section_text(page, live_server, text):
    """From the admin home to the first part of the presentation, whose text is replaced."""
    page.goto(live_server.url + reverse("admin:index"))
    page.get_by_role("link", name="Parties de la présentation").first.click()
    page.get_by_role("link", name=first_section().title, exact=True).first.click()
    editor = page.locator(".field-body .ProseMirror >> visible=true").first
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist")).to_contain_text("Modifié : texte.")


def attention_count(page, label):
    line = page.locator(".attention__list li", has_text=label)
    if line.count() == 0:
        return 0
    return int(line.locator(".attention__count").inner_text())


def test_a_edit_the_first_section_and_see_it_on_the_site(secretariat_page, live_server):
    page = secretariat_page
    replace_section_text(page, live_server, NEW_TEXT)
    page.goto(live_server.url + reverse("programme:presentation"))
    section = page.locator(f"#{first_section().slug}")
    expect(section).to_contain_text(NEW_TEXT)


def test_b_undo_the_edit_from_the_history(secretariat_page, live_server):
    page = secretariat_page
    section = first_section()
    original_body = section.body
    replace_section_text(page, live_server, NEW_TEXT)

    page.goto(live_server.url + reverse("admin:programme_section_change", args=[section.pk]))
    page.get_by_role("link", name="Historique").click()
    # The oldest line is the state before the first change: its date opens it to restore.
    page.locator("#change-history tbody tr").last.locator("th a").click()
    expect(page.locator(".field-body .ProseMirror >> visible=true").first).not_to_contain_text(
        NEW_TEXT
    )
    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist")).to_be_visible()

    section.refresh_from_db()
    assert section.body == original_body
    page.goto(live_server.url + reverse("programme:presentation"))
    expect(page.locator(f"#{section.slug}")).not_to_contain_text(NEW_TEXT)


def test_c_publish_a_news_item_with_confirmation(secretariat_page, live_server):
    page = secretariat_page
    draft = make_news(
        "Soutenances des mémoires 2027", status=PublicationStatus.DRAFT, published_at=None
    )
    page.goto(live_server.url + reverse("news:list"))
    expect(page.locator("main")).not_to_contain_text(draft.title)

    page.goto(live_server.url + reverse("admin:news_newsitem_changelist"))
    page.locator("#result_list tr", has_text=draft.title).locator(".action-select").check()
    page.select_option("select[name=action]", "publish_now")
    page.locator("button[name=index]").click()
    expect(page.locator("h1")).to_have_text("Publier maintenant les éléments sélectionnés")
    expect(page.locator("#content")).to_contain_text(draft.title)
    page.get_by_role("button", name="Oui, confirmer").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Publié maintenant : « Soutenances des mémoires 2027 »."
    )

    page.goto(live_server.url + reverse("news:list"))
    expect(page.get_by_role("link", name=draft.title)).to_be_visible()


def test_d_approve_an_alumni_request_from_the_queue(secretariat_page, live_server):
    page = secretariat_page
    make_submission(
        first_name="Inès",
        last_name="Durand",
        position="Directrice de centre social",
        employer="Ville de Metz",
        consents_to_name=True,
        consents_to_career=False,
    )
    page.goto(live_server.url + reverse("admin:index"))
    page.get_by_role("link", name="Demandes d'anciens étudiants à examiner").click()
    page.get_by_role("link", name="Inès Durand", exact=False).first.click()
    page.get_by_role("button", name="Approuver : nouvelle fiche").click()
    expect(page.locator(".messagelist")).to_contain_text("Demande approuvée")
    assert Alumnus.objects.filter(full_name="Inès Durand").exists()

    page.goto(live_server.url + reverse("alumni:directory"))
    directory = page.locator("main")
    expect(directory).to_contain_text("Inès Durand")
    # Position and employer were not consented to: the directory never shows them.
    expect(directory).not_to_contain_text("Ville de Metz")
    expect(directory).not_to_contain_text("Directrice de centre social")


def test_e_replace_a_document_behind_the_same_link(secretariat_page, live_server):
    page = secretariat_page
    document = make_document("Calendrier universitaire")
    public_url = live_server.url + document.get_absolute_url()
    old_file = page.request.get(public_url)
    assert old_file.ok

    new_pdf = build_pdf("Calendrier 2027", title="Calendrier 2027", language="fr-FR", tagged=True)
    page.goto(live_server.url + reverse("admin:documents_document_change", args=[document.pk]))
    page.set_input_files(
        "#id_file",
        {"name": "calendrier-2027.pdf", "mimeType": "application/pdf", "buffer": new_pdf},
    )
    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist")).to_contain_text("Fichier remplacé")
    expect(page.locator(".messagelist")).to_contain_text(document.get_absolute_url())

    new_file = page.request.get(public_url)
    assert new_file.ok
    assert new_file.body() == new_pdf != old_file.body()


def test_f_mark_a_contact_message_processed(secretariat_page, live_server):
    page = secretariat_page
    answered = make_contact_message(subject="Date de la rentrée")
    make_contact_message(subject="Stage à l'étranger")
    label = "Messages de contact à traiter"
    page.goto(live_server.url + reverse("admin:index"))
    assert attention_count(page, label) == 2

    page.get_by_role("link", name=label).click()
    page.locator("#result_list tr", has_text=answered.subject).locator(".action-select").check()
    page.select_option("select[name=action]", "mark_handled")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("Marqué comme traité")
    assert ContactMessage.objects.get(pk=answered.pk).is_handled

    page.goto(live_server.url + reverse("admin:index"))
    assert attention_count(page, label) == 1


def test_admin_home_lists_what_needs_attention(secretariat_page, live_server, tmp_path):
    """Also the README's screenshot: the home with one item of each kind waiting."""
    page = secretariat_page
    make_submission()
    make_contact_message()
    make_contact_message()
    make_document("Calendrier des examens", valid_until=timezone.localdate() + timedelta(12))
    make_news("Journée portes ouvertes", published_at=timezone.now() + timedelta(days=5))
    page.goto(live_server.url + reverse("admin:index"))
    for label, count in [
        ("Demandes d'anciens étudiants à examiner", 1),
        ("Messages de contact à traiter", 2),
        ("Documents qui expirent dans les 30 jours", 1),
        ("Publications programmées (voir le calendrier)", 1),
    ]:
        assert attention_count(page, label) == count, label
    page.set_viewport_size({"width": 1280, "height": 800})
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / SCREENSHOT_NAME, full_page=True)

    page.get_by_role("link", name="Publications programmées (voir le calendrier)").click()
    expect(page.locator("#calendrier")).to_contain_text("Journée portes ouvertes")
    expect(page.locator("#calendrier")).to_contain_text("Calendrier des examens")


def test_leaving_a_changed_news_form_warns_but_saving_does_not(secretariat_page, live_server):
    page = secretariat_page
    item = make_news("Rentrée 2027")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    change_url = live_server.url + reverse("admin:news_newsitem_change", args=[item.pk])
    page.goto(change_url)
    page.fill("#id_summary", "La rentrée a lieu le 1er septembre.")
    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert dialogs == []

    # A change typed in the rich-text editor alone is enough to warn.
    page.goto(change_url)
    editor = page.locator(".field-body .ProseMirror >> visible=true").first
    editor.click()
    page.keyboard.type(" Une phrase oubliée.")
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)  # the dialog event is delivered asynchronously
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


def test_choosing_a_new_document_file_without_saving_warns(secretariat_page, live_server):
    page = secretariat_page
    document = make_document("Règlement des études")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.goto(live_server.url + reverse("admin:documents_document_change", args=[document.pk]))
    page.set_input_files(
        "#id_file",
        {
            "name": "reglement.pdf",
            "mimeType": "application/pdf",
            "buffer": build_pdf("Règlement", title="Règlement", language="fr-FR", tagged=True),
        },
    )
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)  # the dialog event is delivered asynchronously
    assert dialogs == ["beforeunload"]
