"""The sites framework's record follows SITE_DOMAIN, so feeds and calendars name the real site."""

from datetime import timedelta

import pytest
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.utils import timezone

from core.publication import PublicationStatus
from news.models import Category, NewsItem
from pages.site_domain import sync_site_domain


@pytest.mark.django_db
def test_migrate_replaces_example_com_by_the_configured_domain(settings):
    settings.SITE_DOMAIN = "ipps.univ-lorraine.fr"
    Site.objects.filter(pk=settings.SITE_ID).update(domain="example.com", name="example.com")
    Site.objects.clear_cache()

    call_command("migrate", "sites", verbosity=0)

    site = Site.objects.get_current()
    assert site.domain == "ipps.univ-lorraine.fr"
    assert site.name == settings.SITE_NAME


@pytest.mark.django_db
def test_sync_is_idempotent_and_recreates_a_missing_site(settings):
    settings.SITE_DOMAIN = "ipps.univ-lorraine.fr"
    Site.objects.all().delete()

    sync_site_domain()
    sync_site_domain()

    assert list(Site.objects.values_list("pk", "domain")) == [
        (settings.SITE_ID, "ipps.univ-lorraine.fr")
    ]


@pytest.mark.django_db
def test_feed_and_event_calendar_use_the_configured_domain(client, settings, site_content):
    settings.SITE_DOMAIN = "ipps.univ-lorraine.fr"
    sync_site_domain()
    category = Category.objects.create(name="Événements", slug="evenements", order=1)
    item = NewsItem.objects.create(
        title="Journée d'études",
        slug="journee-etudes",
        summary="Une journée.",
        category=category,
        status=PublicationStatus.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
        starts_at=timezone.now() + timedelta(days=3),
    )

    feed = client.get("/actualites/flux.xml").content.decode()
    calendar = client.get(item.ics_url()).content.decode()

    assert f"http://ipps.univ-lorraine.fr{item.get_absolute_url()}" in feed
    assert "example.com" not in feed
    assert f"UID:actualite-{item.pk}@ipps.univ-lorraine.fr" in calendar
