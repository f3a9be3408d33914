"""Honest labels: a scheduled item says when it goes public, nowhere « Brouillon »."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.publication import PublicationStatus
from tests.html import texts

pytestmark = pytest.mark.django_db


def scheduled(make_item):
    when = timezone.localtime(timezone.now() + timedelta(days=3)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    return make_item(title="Bientôt", published_at=when), when.strftime("%d/%m/%Y")


def test_a_scheduled_item_preview_banner_gives_its_date(staff_client, make_item, site_content):
    item, day = scheduled(make_item)
    html = staff_client.get(item.get_absolute_url()).content.decode()
    banner = texts(html, "p", "preview-banner")
    assert banner and banner[0].startswith(f"Programmé pour le {day} à 09:30")
    assert "Brouillon" not in banner[0]


def test_a_draft_preview_banner_still_says_brouillon(staff_client, make_item, site_content):
    item = make_item(status=PublicationStatus.DRAFT)
    html = staff_client.get(item.get_absolute_url()).content.decode()
    assert texts(html, "p", "preview-banner") == ["Brouillon — non visible du public"]


def test_the_admin_list_says_programme_pour_le(staff_client, make_item):
    _item, day = scheduled(make_item)
    html = staff_client.get(reverse("admin:news_newsitem_changelist")).content.decode()
    assert f"Programmé pour le {day}" in html


def test_preview_links_have_a_copy_button_from_a_static_file(staff_client, make_item):
    item = make_item(status=PublicationStatus.DRAFT)
    url = reverse("admin:news_newsitem_change", args=[item.pk])
    staff_client.post(reverse("admin:news_newsitem_preview_create", args=[item.pk]))
    html = staff_client.get(url).content.decode()
    assert "Copier le lien" in html
    assert "admin-extra/copy-link.js" in html
    assert "onfocus=" not in html and "onclick=" not in html
