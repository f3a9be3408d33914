"""No lost edits in a real Chromium: the refused save shows both versions and keeps the
typed text; the change page says who else has the record open (presence.js)."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from backoffice.roles import SECRETARIAT
from news.models import Category, NewsItem
from tests.admin_forms import admin_form_data
from tests.staff import make_staff

from .test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_save_over_a_colleagues_is_refused_with_both_versions(
    live_server, page, secretariat_user, django_user_model
):
    category, _ = Category.objects.get_or_create(
        slug="vie-du-master", defaults={"name": "Vie du master", "order": 1}
    )
    item = NewsItem.objects.create(
        title="Réunion de rentrée", summary="Le lundi.", body="<p>Texte.</p>", category=category
    )
    colleague = make_staff(django_user_model, "collegue@univ-lorraine.fr", SECRETARIAT)
    colleague.first_name, colleague.last_name = "Camille", "Martin"
    colleague.save()
    other = Client()
    other.force_login(colleague)
    url = reverse("admin:news_newsitem_change", args=[item.pk])
    # The colleague has the record open before this page is.
    other.post(reverse("admin:news_newsitem_presence", args=[item.pk]))

    log_in(page, live_server)
    page.goto(live_server.url + url)
    expect(page.locator("#edit-presence")).to_contain_text(
        "Camille Martin a aussi cette page ouverte"
    )
    page.fill("#id_summary", "Le mardi en amphithéâtre.")

    theirs = other.get(url)
    saved = other.post(url, admin_form_data(theirs, title="Réunion de rentrée décalée"))
    assert saved.status_code == 302

    page.locator("input[name=_save]").last.click()

    errors = page.locator(".errorlist.nonfield")
    expect(errors).to_contain_text("Camille Martin l'a enregistré le")
    expect(errors).to_contain_text("Champs modifiés : titre.")
    table = page.locator("#edit-conflict")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.locator("ins")).to_contain_text("décalée")
    expect(page.locator("#id_summary")).to_have_value("Le mardi en amphithéâtre.")
    item.refresh_from_db()
    assert item.summary == "Le lundi."

    # Saving again keeps this whole form, knowingly: the title shown in it too.
    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist")).to_contain_text("Modifié : titre, chapô.")
    item.refresh_from_db()
    assert item.summary == "Le mardi en amphithéâtre."
    assert item.title == "Réunion de rentrée"
