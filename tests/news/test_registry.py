import pytest
from django.core.management import call_command

from core.publication import PublicationStatus
from core.registry import content_kinds
from news.models import NewsItem
from operations.demo import is_demo

pytestmark = pytest.mark.django_db


def test_demo_content_is_realistic_published_and_marked(client):
    call_command("generate_demo_content", "--news", "25")
    items = NewsItem.objects.all()
    assert items.count() == 25
    assert all(is_demo(item) for item in items)
    assert all(item.status == PublicationStatus.PUBLISHED for item in items)
    assert items.events().exists()
    assert all(item.summary and item.title for item in items)
    assert client.get("/actualites/").status_code == 200
    event = items.events().first()
    assert client.get(event.get_absolute_url()).status_code == 200


def test_news_is_registered_for_search_and_site_map(make_item):
    kind = next(kind for kind in content_kinds() if kind.key == "news")
    assert kind.label == "Actualités"
    visible = make_item(title="Visible")
    make_item(title="Brouillon", status=PublicationStatus.DRAFT)
    assert list(kind.public_queryset()) == [visible]
    links = kind.site_map_links()
    assert ("Soutenance", "/actualites/?categorie=soutenance") in links
    assert len(links) == 4
