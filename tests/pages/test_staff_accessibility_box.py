"""Staff looking at a public page see its accessibility warnings; visitors never do."""

import pytest
from django.urls import reverse

from pages.models import Page
from tests.html import texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_with_skipped_heading(site_content):
    page = Page.objects.get(slug="mentions-legales")
    page.body = '<h2>Éditeur</h2><h4>Hébergeur</h4><p><a href="/contact/">ici</a></p>'
    page.save()
    return page


def test_staff_see_the_warnings_of_the_page_they_look_at(staff_client, page_with_skipped_heading):
    html = staff_client.get(reverse("pages:legal_notice")).content.decode()
    (box,) = texts(html, "aside", "staff-accessibility")
    assert "2 points d'accessibilité à revoir" in box
    assert "texte : Niveau de titre sauté : « Hébergeur » est un titre de niveau 4" in box
    assert "Lien « ici »" in box


def test_visitors_never_see_the_box(client, page_with_skipped_heading):
    html = client.get(reverse("pages:legal_notice")).content.decode()
    assert "staff-accessibility" not in html


def test_no_box_when_the_text_is_fine(staff_client, site_content):
    Page.objects.filter(slug="mentions-legales").update(body="<h2>Éditeur</h2><p>Texte.</p>")
    html = staff_client.get(reverse("pages:legal_notice")).content.decode()
    assert "staff-accessibility" not in html
