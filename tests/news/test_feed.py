"""The RSS feed, parsed back as a feed reader would."""

import html
import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.publication import PublicationStatus
from tests.news.conftest import bulk_items

pytestmark = pytest.mark.django_db


def parse_feed(client):
    response = client.get(reverse("news:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content)


def test_feed_is_valid_rss_2(client, make_item):
    item = make_item(
        title="Offre de stage : chargé·e de mission",
        summary="Un stage de six mois à Metz <b>rémunéré</b> & encadré.",
    )
    root = parse_feed(client)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") == "Master IPPS — actualités"
    assert channel.findtext("link") == f"http://{settings.SITE_DOMAIN}/actualites/"
    assert "Ingénierie des Politiques Publiques et Sociales" in channel.findtext("description")
    assert channel.findtext("language") == "fr"
    entries = channel.findall("item")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.findtext("title") == item.title
    assert entry.findtext("link") == f"http://{settings.SITE_DOMAIN}{item.get_absolute_url()}"
    assert entry.findtext("guid") == entry.findtext("link")
    # The summary is plain text: readers render the description as HTML, so it is escaped
    # once more and reads back as typed, tags included, as text.
    assert html.unescape(entry.findtext("description")) == item.summary
    assert entry.findtext("category") == "Vie du master"
    published = parsedate_to_datetime(entry.findtext("pubDate"))  # RFC 822 date
    assert published == item.published_at.replace(microsecond=0)


def test_feed_lists_the_latest_20_published_items_newest_first(client, category, make_item):
    bulk_items(category, 25)
    make_item(title="Brouillon", status=PublicationStatus.DRAFT)
    make_item(title="Programmée", published_at=timezone.now() + timedelta(days=1))
    entries = parse_feed(client).find("channel").findall("item")
    assert len(entries) == 20
    titles = [entry.findtext("title") for entry in entries]
    assert titles == [f"Actualité en nombre {number}" for number in range(20)]
    assert "Brouillon" not in titles and "Programmée" not in titles


def test_empty_feed_is_still_valid(client):
    channel = parse_feed(client).find("channel")
    assert channel.findall("item") == []
    assert channel.findtext("title")


def test_list_page_advertises_the_feed(client):
    html = client.get(reverse("news:list")).content.decode()
    assert 'type="application/rss+xml"' in html
    assert f'href="{reverse("news:feed")}"' in html
