"""News in English: only items with an English title exist there, at their English slug,
with their English text (the French one, marked as French, where a field has none)."""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from core.publication import PublicationStatus
from news.models import NewsItem
from tests.html import parse_html, text_of
from tests.languages import address_in, url_in

pytestmark = pytest.mark.django_db


def english(name, **kwargs):
    return url_in("en", name, **kwargs)


def english_url(record):
    return address_in("en", record)


def card_titles(response):
    tree = parse_html(response)
    return [
        text_of(heading)
        for heading in tree.iter()
        if "news-card__title" in heading.get("class", "")
    ]


@pytest.fixture
def translated(make_item):
    def make(**fields):
        fields.setdefault("title_en", "Open day")
        fields.setdefault("summary_en", "Meet the team.")
        fields.setdefault("body_en", "<p>The full text.</p>")
        return make_item(**fields)

    return make


# --- Lists and details ------------------------------------------------------------------


def test_english_list_shows_only_items_with_an_english_title(client, make_item, translated):
    translated(title="Journée portes ouvertes", title_en="Open day")
    make_item(title="Soutenances de juin")
    response = client.get(english("news:list"))
    assert response.status_code == 200
    assert card_titles(response) == ["Open day"]
    # The French list is unchanged: both items, in French.
    french = client.get(url_in("fr", "news:list"))
    assert sorted(card_titles(french)) == ["Journée portes ouvertes", "Soutenances de juin"]


def test_english_detail_is_in_english_at_its_english_slug(client, translated):
    item = translated(title="Journée portes ouvertes", title_en="Open day")
    assert item.slug_en == "open-day"
    url = english_url(item)
    assert url.endswith("/open-day/")
    response = client.get(url)
    assert response.status_code == 200
    tree = parse_html(response)
    assert text_of(tree.find(".//h1")) == "Open day"
    summary = tree.find(".//p[@class='news-item__summary']")
    assert text_of(summary) == "Meet the team." and summary.get("lang") is None
    assert response.context["object"] == item


def test_english_detail_of_an_untranslated_item_answers_404(client, make_item):
    item = make_item(title="Soutenances de juin")
    url = english_url(item)
    assert client.get(url).status_code == 404
    # Its French page is as it always was.
    response = client.get(address_in("fr", item))
    assert response.status_code == 200
    assert text_of(parse_html(response).find(".//h1")) == "Soutenances de juin"
    assert type(item).translation_parent_url_name == "news:list"


def test_the_french_slug_does_not_open_the_english_page(client, translated):
    item = translated(title="Journée portes ouvertes", title_en="Open day")
    french_slug_in_english = english("news:detail", slug=item.slug)
    assert item.slug != item.slug_en
    assert client.get(french_slug_in_english).status_code == 404


def test_english_fields_left_empty_show_the_french_text_marked_as_french(client, make_item):
    item = make_item(
        title="Conférence",
        title_en="Lecture",
        summary="Une intervention ouverte à tous.",
        location="Arsenal de Metz",
    )
    tree = parse_html(client.get(english_url(item)))
    summary = tree.find(".//p[@class='news-item__summary']")
    assert text_of(summary) == "Une intervention ouverte à tous."
    assert summary.get("lang") == "fr"
    body = tree.find(".//div[@class='news-item__body rich-text']")
    assert body.get("lang") == "fr"


def test_english_list_filters_by_category_with_its_english_name(client, translated, category):
    category.name_en = "Programme life"
    category.save()
    translated(title="Rentrée", title_en="Start of the year", category=category)
    response = client.get(english("news:list"), {"categorie": category.slug})
    assert card_titles(response) == ["Start of the year"]
    options = [text_of(option) for option in parse_html(response).iter("option")]
    assert "Programme life" in options


def test_english_drafts_stay_hidden(client, translated):
    draft = translated(status=PublicationStatus.DRAFT, title_en="Secret draft")
    assert client.get(english_url(draft)).status_code == 404
    assert "Secret draft" not in client.get(english("news:list")).text


def test_english_neighbours_are_english_items_only(client, make_item, translated):
    now = timezone.now()
    older = translated(title="Ancienne", title_en="Older", published_at=now - timedelta(days=3))
    make_item(title="Sans traduction", published_at=now - timedelta(days=2))
    newer = translated(title="Récente", title_en="Newer", published_at=now - timedelta(days=1))
    tree = parse_html(client.get(english_url(newer)))
    previous = tree.find(".//a[@rel='prev']")
    assert previous.get("href") == english_url(older)
    assert "Older" in text_of(previous)


# --- The English slug ---------------------------------------------------------------------


def test_english_slug_comes_from_the_english_title_once_it_exists(make_item):
    item = make_item(title="Rentrée")
    assert item.slug_en == ""
    item.title_en = "Start of the year"
    item.save()
    assert item.slug_en == "start-of-the-year"


def test_english_slugs_are_unique(translated):
    first = translated(title="Soutenances 2025", title_en="Defences")
    second = translated(title="Soutenances 2026", title_en="Defences")
    assert (first.slug_en, second.slug_en) == ("defences", "defences-2")


def test_a_published_items_english_slug_may_not_change(translated):
    item = translated(title_en="Open day")
    item.slug_en = "another-address"
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "slug_en" in error.value.message_dict
    assert "slug" not in error.value.message_dict


def test_a_drafts_english_slug_may_still_change(translated):
    item = translated(title_en="Open day", status=PublicationStatus.DRAFT)
    item.slug_en = "another-address"
    item.full_clean()


def test_a_published_item_may_get_its_first_english_slug(make_item):
    item = make_item(title="Rentrée")
    assert item.locked_slug_fields() == ["slug"]
    item.title_en = "Start of the year"
    item.full_clean()
    item.save()
    assert item.locked_slug_fields() == ["slug", "slug_en"]


def test_the_database_refuses_two_equal_english_slugs_but_not_two_empty_ones(make_item, translated):
    first = translated(title_en="Open day")
    second = translated(title_en="Open day 2")
    with pytest.raises(IntegrityError), transaction.atomic():
        NewsItem.objects.filter(pk=second.pk).update(slug_en=first.slug_en)
    make_item(title="Sans traduction 1")
    make_item(title="Sans traduction 2")
    assert NewsItem.objects.filter(slug_en="").count() == 2


# --- Feeds, calendar, structured data -----------------------------------------------------


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content).find("channel")


def test_one_feed_per_language(client, make_item, translated):
    translated(title="Journée portes ouvertes", title_en="Open day")
    make_item(title="Soutenances de juin")
    french = feed(client, url_in("fr", "news:feed"))
    english_feed = feed(client, english("news:feed"))
    assert french.findtext("language") == "fr"
    assert english_feed.findtext("language") == "en"
    assert sorted(entry.findtext("title") for entry in french.findall("item")) == [
        "Journée portes ouvertes",
        "Soutenances de juin",
    ]
    entries = english_feed.findall("item")
    assert [entry.findtext("title") for entry in entries] == ["Open day"]
    assert entries[0].findtext("link").endswith(english("news:detail", slug="open-day"))
    assert english_feed.findtext("link").endswith(english("news:list"))


def ics_lines(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().replace("\r\n ", "").split("\r\n")


def test_calendar_file_in_the_pages_language(client, translated):
    item = translated(
        title="Journée portes ouvertes",
        title_en="Open day",
        summary="Venez rencontrer l'équipe.",
        summary_en="Come and meet the team.",
        location="UFR SHA, amphi B",
        starts_at=timezone.now() + timedelta(days=5),
    )
    english_lines = ics_lines(client, english("news:event_ics", slug=item.slug_en))
    assert "SUMMARY;LANGUAGE=en:Open day" in english_lines
    assert "DESCRIPTION;LANGUAGE=en:Come and meet the team." in english_lines
    # No English place: the French one, said to be French.
    assert "LOCATION;LANGUAGE=fr:UFR SHA\\, amphi B" in english_lines
    assert any(line.startswith("URL:") and "/open-day/" in line for line in english_lines)
    french_lines = ics_lines(client, url_in("fr", "news:event_ics", slug=item.slug))
    assert "SUMMARY:Journée portes ouvertes" in french_lines


def test_english_calendar_file_of_an_untranslated_event_answers_404(client, make_item):
    item = make_item(starts_at=timezone.now() + timedelta(days=5))
    assert client.get(english("news:event_ics", slug=item.slug)).status_code == 404


def json_ld_of(response, kind):
    for script in parse_html(response).iter("script"):
        if script.get("type") == "application/ld+json":
            data = json.loads(script.text)
            if data.get("@type") == kind:
                return data
    raise AssertionError(f"no {kind}")


def test_json_ld_says_the_pages_language(client, translated, category):
    category.name_en = "Programme life"
    category.save()
    item = translated(title="Journée portes ouvertes", title_en="Open day")
    french = json_ld_of(client.get(address_in("fr", item)), "NewsArticle")
    assert (french["inLanguage"], french["headline"]) == ("fr-FR", "Journée portes ouvertes")
    data = json_ld_of(client.get(english_url(item)), "NewsArticle")
    assert data["inLanguage"] == "en-GB"
    assert data["headline"] == "Open day"
    assert data["description"] == "Meet the team."
    assert data["articleSection"] == "Programme life"
    assert data["url"].endswith(english_url(item))


def test_english_home_block_lists_english_items_only(make_item, translated):
    from news.templatetags.news import home_news

    translated(title="Journée portes ouvertes", title_en="Open day")
    make_item(title="Soutenances de juin")
    with translation.override("en"):
        block = home_news()
    assert [item.title_en for item in block["latest_items"]] == ["Open day"]
