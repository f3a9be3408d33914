from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.publication import PublicationStatus
from news.models import Category, NewsItem

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def test_default_categories_are_seeded_in_order():
    assert list(Category.objects.values_list("name", flat=True)) == [
        "Vie du master",
        "Événement",
        "Soutenance",
        "Offre de stage",
    ]


def test_slug_comes_from_the_title(make_item):
    item = make_item(title="Soutenances de juin : le programme")
    assert item.slug == "soutenances-de-juin-le-programme"


def test_two_items_with_the_same_title_get_distinct_slugs(make_item):
    first = make_item(title="Journée portes ouvertes")
    second = make_item(title="Journée portes ouvertes")
    third = make_item(title="Journée portes ouvertes")
    assert [first.slug, second.slug, third.slug] == [
        "journee-portes-ouvertes",
        "journee-portes-ouvertes-2",
        "journee-portes-ouvertes-3",
    ]


def test_slug_stays_when_the_title_of_a_published_item_changes(make_item):
    item = make_item(title="Réunion de rentrée")
    item.title = "Réunion de rentrée (salle changée)"
    item.full_clean()
    item.save()
    item.refresh_from_db()
    assert item.slug == "reunion-de-rentree"


def test_changing_the_slug_of_a_published_item_is_refused_in_french(make_item):
    item = make_item(title="Réunion de rentrée")
    item.slug = "autre-adresse"
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "ne peut plus changer" in str(error.value.message_dict["slug"])


def test_a_draft_may_still_change_its_slug(make_item):
    item = make_item(title="Brouillon", status=PublicationStatus.DRAFT)
    item.slug = "nouvelle-adresse"
    item.full_clean()
    item.save()
    assert NewsItem.objects.get(pk=item.pk).slug == "nouvelle-adresse"


def test_title_without_letters_still_gets_a_slug(make_item):
    assert make_item(title="!!!").slug == "actualite"


def test_an_item_is_an_event_when_it_has_a_start_date(make_item, category):
    """The start date makes the event; the category (even « Événement ») is only a category."""
    plain = make_item()
    assert not plain.is_event
    assert not plain.is_upcoming()
    dated = make_item(starts_at=timezone.now() + timedelta(days=1))
    assert dated.is_event
    assert list(NewsItem.objects.events()) == [dated]


def test_an_event_cannot_end_before_it_starts(make_item):
    start = timezone.now()
    item = make_item(starts_at=start)
    item.ends_at = start - timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "après son début" in str(error.value.message_dict["ends_at"])
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_upcoming_events_run_until_they_are_over(make_item):
    now = datetime(2026, 5, 12, 15, 0, tzinfo=PARIS)
    make_item = partial(make_item, published_at=now - timedelta(days=10))
    running = make_item(
        title="En cours",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    this_morning = make_item(title="Ce matin", starts_at=now.replace(hour=9))
    tomorrow = make_item(title="Demain", starts_at=now + timedelta(days=1))
    make_item(title="Hier", starts_at=now - timedelta(days=1))
    make_item(
        title="Fini",
        starts_at=now - timedelta(hours=3),
        ends_at=now - timedelta(minutes=1),
    )
    make_item(title="Pas un événement")
    make_item(
        title="Brouillon",
        starts_at=now + timedelta(days=2),
        status=PublicationStatus.DRAFT,
    )
    make_item(
        title="Programmée",
        starts_at=now + timedelta(days=3),
        published_at=now + timedelta(hours=1),
    )
    upcoming = list(NewsItem.objects.upcoming_events(now))
    assert upcoming == [this_morning, running, tomorrow]
    assert all(item.is_upcoming(now) for item in upcoming)


def test_scheduled_item_becomes_visible_by_itself_at_its_time(make_item):
    moment = timezone.now() + timedelta(minutes=1)
    item = make_item(published_at=moment)
    assert item not in NewsItem.objects.published(now=moment - timedelta(seconds=1))
    assert item in NewsItem.objects.published(now=moment)
    assert item.is_scheduled(now=moment - timedelta(seconds=1))
