"""Saving rich text with an accessibility problem warns staff next to the success message,
and still saves (the secretariat can publish)."""

import pytest
from django.contrib.messages import WARNING
from django.core.files.base import ContentFile
from django.urls import reverse

from documents.pdf_builder import build_pdf
from pages.models import Page
from tests.admin_forms import admin_form_data

from .conftest import make_document
from .test_attention import changelist_results, panel

pytestmark = pytest.mark.django_db


def test_saving_a_page_with_a_skipped_heading_level_warns_but_saves(staff_client, without_approval):
    page = Page.objects.get(slug="mentions-legales")
    url = reverse("admin:pages_page_change", args=[page.pk])
    body = "<h2>Éditeur</h2><h4>Hébergeur</h4><p>Texte.</p>"
    data = admin_form_data(staff_client.get(url), body=body)
    response = staff_client.post(url, data, follow=True)
    assert response.status_code == 200
    page.refresh_from_db()
    assert "<h4>Hébergeur</h4>" in page.body
    warnings = [str(m) for m in response.context["messages"] if m.level == WARNING]
    assert any(
        "Accessibilité de « texte »" in warning
        and "Niveau de titre sauté : « Hébergeur » est un titre de niveau 4" in warning
        for warning in warnings
    ), warnings


def test_no_warning_for_accessible_text(staff_client, without_approval):
    page = Page.objects.get(slug="mentions-legales")
    url = reverse("admin:pages_page_change", args=[page.pk])
    data = admin_form_data(staff_client.get(url), body="<h2>Éditeur</h2><p>Texte.</p>")
    response = staff_client.post(url, data, follow=True)
    assert not [m for m in response.context["messages"] if "Accessibilité" in str(m)]


def test_pages_with_warnings_are_counted_and_listed_on_the_admin_home(staff_client):
    label = "Contenus publiés ou programmés avec des points d'accessibilité à revoir"
    before = panel(staff_client).get(label, (0, ""))[0]
    page = Page.objects.get(slug="mentions-legales")
    page.body = "<h2>Éditeur</h2><h4>Hébergeur</h4>"
    page.save()
    count, url = panel(staff_client)[label]
    assert count == before + 1
    report = staff_client.get(url)
    assert page in [row["record"] for kind in report.context["kinds"] for row in kind["rows"]]
    page.body = "<h2>Éditeur</h2><h3>Hébergeur</h3>"
    page.save()
    assert panel(staff_client).get(label, (0, ""))[0] == before


def test_untagged_pdfs_without_an_accessible_version_are_on_the_admin_home(staff_client):
    label = "PDF non accessibles sans version accessible (RGAA 13.3)"
    make_document("Tagged")
    assert label not in panel(staff_client)
    untagged = make_document("Brochure")
    untagged.file = ContentFile(build_pdf("Brochure", tagged=False), name="brochure.pdf")
    untagged.save()
    assert untagged.pdf_is_tagged is False
    count, url = panel(staff_client)[label]
    assert count == 1
    assert changelist_results(staff_client, url) == [untagged]


def test_a_change_waiting_for_approval_keeps_its_accessibility_warnings(staff_client):
    page = Page.objects.get(slug="mentions-legales")
    url = reverse("admin:pages_page_change", args=[page.pk])
    body = "<h2>Éditeur</h2><h4>Hébergeur</h4><p>Texte.</p>"
    response = staff_client.post(
        url, admin_form_data(staff_client.get(url), body=body), follow=True
    )
    page.refresh_from_db()
    assert "<h4>Hébergeur</h4>" not in page.body
    warnings = [str(m) for m in response.context["messages"] if m.level == WARNING]
    assert any("Accessibilité de « texte »" in warning for warning in warnings), warnings
