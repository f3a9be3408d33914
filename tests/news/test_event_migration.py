"""news 0007: the « c'est un événement » box goes; events are the items with a start date.

The database goes back to news 0006, gets items of the time, then migrates to the latest
schema: what each item is follows from its dates (see the migration's docstring).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import NewsItem
from tests.migrations import migrate_back_to, migrate_to_latest

BEFORE = [("news", "0006_remove_newsitem_is_demo")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def previous_schema():
    try:
        yield migrate_back_to(BEFORE)
    finally:
        migrate_to_latest()


def test_items_are_events_by_their_start_date_after_the_migration(previous_schema):
    Category = previous_schema.get_model("news", "Category")
    Item = previous_schema.get_model("news", "NewsItem")
    events, _ = Category.objects.get_or_create(
        slug="evenement-test", defaults={"name": "Événement (test)"}
    )
    now = timezone.now()
    common = {"category": events, "summary": "…", "body": "", "status": "published"}
    common["published_at"] = now
    Item.objects.create(title="Coché", slug="coche", is_event=True, starts_at=now, **common)
    Item.objects.create(title="Daté", slug="date", is_event=False, starts_at=now, **common)
    Item.objects.create(title="Sans date", slug="sans-date", is_event=False, **common)
    migrate_to_latest()
    items = {item.slug: item for item in NewsItem.objects.filter(category__slug="evenement-test")}
    assert items["coche"].is_event and items["date"].is_event
    assert not items["sans-date"].is_event  # kept as a plain news item, in its category
    assert set(NewsItem.objects.events().values_list("slug", flat=True)) >= {"coche", "date"}
    assert timedelta(0) <= now - items["coche"].starts_at < timedelta(seconds=1)
