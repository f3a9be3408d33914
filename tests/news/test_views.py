import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.publication import PublicationStatus
from news.models import Category, NewsItem
from tests.news.conftest import bulk_items

pytestmark = pytest.mark.django_db


def titles_on(response):
    return re.findall(r'class="news-card__title"><a href="[^"]+">([^<]+)</a>', response.text)


# --- List --------------------------------------------------------------------


def test_list_shows_published_items_newest_first(client, make_item):
    make_item(title="Ancienne", published_at=timezone.now() - timedelta(days=3))
    make_item(title="Récente", published_at=timezone.now() - timedelta(days=1))
    response = client.get(reverse("news:list"))
    assert response.status_code == 200
    assert titles_on(response) == ["Récente", "Ancienne"]
    assert response.text.count("<h1>") == 1


def test_drafts_and_scheduled_items_never_reach_visitors(client, make_item):
    make_item(title="Visible")
    draft = make_item(title="Brouillon secret", status=PublicationStatus.DRAFT)
    scheduled = make_item(
        title="Programmée secrète", published_at=timezone.now() + timedelta(hours=2)
    )
    pages = [
        reverse("news:list"),
        reverse("news:feed"),
        reverse("home"),
    ]
    for path in pages:
        text = client.get(path).content.decode()
        assert "Visible" in text, path
        assert "Brouillon secret" not in text, path
        assert "Programmée secrète" not in text, path
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_list_filters_by_category(client, make_item):
    soutenance = Category.objects.get(slug="soutenance")
    make_item(title="Soutenance de Camille", category=soutenance)
    make_item(title="Rentrée")
    response = client.get(reverse("news:list"), {"categorie": "soutenance"})
    assert titles_on(response) == ["Soutenance de Camille"]
    assert "1 actualité trouvée" in response.text
    assert '<option value="soutenance" selected>' in response.text


def test_list_filters_by_year_in_paris_time(client, make_item):
    paris = ZoneInfo("Europe/Paris")
    # 00:30 on 1 January in Paris is still the previous year in UTC.
    make_item(title="Nouvel an", published_at=datetime(2025, 1, 1, 0, 30, tzinfo=paris))
    make_item(title="Réveillon", published_at=datetime(2024, 12, 31, 22, 0, tzinfo=paris))
    assert titles_on(client.get(reverse("news:list"), {"annee": "2025"})) == ["Nouvel an"]
    assert titles_on(client.get(reverse("news:list"), {"annee": "2024"})) == ["Réveillon"]
    response = client.get(reverse("news:list"))
    assert '<option value="2025">2025</option>' in response.text


def test_year_without_items_shows_a_clear_empty_state(client, make_item):
    make_item()
    response = client.get(reverse("news:list"), {"annee": "1999"})
    assert response.status_code == 200
    assert "Aucune actualité ne correspond à ces critères." in response.text
    assert 'href="/actualites/">Voir toutes les actualités' in response.text


def test_empty_list_says_so(client):
    response = client.get(reverse("news:list"))
    assert response.status_code == 200
    assert "Aucune actualité pour le moment" in response.text


@pytest.mark.parametrize(
    "query",
    [
        {"categorie": "inconnue"},
        {"categorie": "<script>"},
        {"annee": "deux-mille"},
        {"annee": "20250"},
        {"annee": "0000"},
        {"annee": "0001"},
        {"annee": "9999"},
        {"annee": "٢٠٢٥"},  # digits, but not ASCII ones
    ],
)
def test_unknown_filter_values_answer_404_not_500(client, make_item, query):
    make_item()
    response = client.get(reverse("news:list"), query)
    assert response.status_code == 404
    assert "Page introuvable" in response.text


# --- Pagination --------------------------------------------------------------


def test_pagination_links_keep_the_filters_and_are_accessible(client, category):
    bulk_items(category, 35)
    response = client.get(reverse("news:list"), {"categorie": category.slug, "page": "2"})
    assert response.status_code == 200
    html = response.text
    assert '<nav class="pagination" aria-label="Pagination">' in html
    assert '<span aria-current="page"><span class="visually-hidden">Page </span>2</span>' in html
    assert f'href="?categorie={category.slug}&amp;page=1" rel="prev"' in html
    assert f'href="?categorie={category.slug}&amp;page=3" rel="next"' in html
    assert "Page précédente" in html and "Page suivante" in html
    assert "Page 2 sur 4" in html
    assert len(titles_on(response)) == 10


def test_pagination_elides_far_pages(client, category):
    bulk_items(category, 200)
    html = client.get(reverse("news:list"), {"page": "10"}).text
    assert 'href="?page=1"' in html and 'href="?page=20"' in html
    assert 'href="?page=9"' in html and 'href="?page=11"' in html
    assert 'href="?page=5"' not in html
    assert html.count('class="pagination__gap"') == 2


def test_single_page_has_no_pagination(client, make_item):
    make_item()
    assert 'class="pagination"' not in client.get(reverse("news:list")).text


@pytest.mark.parametrize(
    "page", ["abc", "0", "-1", "3", "1.5", "99999999999999999999999", "", "%00", "1e3"]
)
def test_bad_or_out_of_range_page_answers_404_not_500(client, category, page):
    bulk_items(category, 15)
    response = client.get(reverse("news:list"), {"page": page})
    expected = 200 if page == "" else 404
    assert response.status_code == expected


def test_last_page_is_reachable(client, category):
    bulk_items(category, 15)
    response = client.get(reverse("news:list"), {"page": "2"})
    assert response.status_code == 200
    assert len(titles_on(response)) == 5
    assert client.get(reverse("news:list"), {"page": "last"}).status_code == 200


# --- Detail ------------------------------------------------------------------


def test_detail_shows_image_date_category_and_neighbours(client, make_item, make_image):
    older = make_item(title="Plus ancienne", published_at=timezone.now() - timedelta(days=3))
    item = make_item(
        title="Soutenances de juin",
        summary="Le programme des soutenances.",
        body="<p>Les <strong>soutenances</strong> ont lieu en salle B.</p>",
        image=make_image(),
        published_at=timezone.now() - timedelta(days=2),
    )
    newer = make_item(title="Plus récente", published_at=timezone.now() - timedelta(days=1))
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    assert "<h1>Soutenances de juin</h1>" in html
    assert 'alt="Étudiants du master devant l&#x27;UFR"' in html and 'loading="eager"' in html
    assert '<a href="/actualites/?categorie=vie-du-master">Vie du master</a>' in html
    assert "Publiée le <time" in html
    assert "<strong>soutenances</strong>" in html
    assert f'href="{older.get_absolute_url()}" rel="prev"' in html
    assert f'href="{newer.get_absolute_url()}" rel="next"' in html
    assert '<nav class="news-pager" aria-label="Autres actualités">' in html
    assert 'aria-current="page">Soutenances de juin</span>' in html  # breadcrumbs


def test_detail_neighbours_skip_drafts_and_scheduled(client, make_item):
    item = make_item(title="Seule", published_at=timezone.now() - timedelta(days=2))
    make_item(title="Brouillon voisin", status=PublicationStatus.DRAFT)
    make_item(title="Future voisine", published_at=timezone.now() + timedelta(days=1))
    html = client.get(item.get_absolute_url()).text
    assert "Brouillon voisin" not in html and "Future voisine" not in html
    assert "news-pager" not in html


def test_detail_carries_news_article_json_ld_safely(client, make_item, make_image):
    item = make_item(
        title="Conférence </script><script>alert(1)</script>",
        summary="Une conférence & un débat.",
        image=make_image(),
    )
    html = client.get(item.get_absolute_url()).text
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == item.title
    assert data["description"] == "Une conférence & un débat."
    assert data["datePublished"] == item.published_at.isoformat()
    assert data["url"] == f"http://testserver{item.get_absolute_url()}"
    assert data["image"][0].startswith("http://testserver/media/images/")
    assert "<script>alert(1)" not in html


def test_staff_previews_a_draft_with_the_banner(client, make_item, secretariat_user):
    draft = make_item(title="Brouillon en cours", status=PublicationStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(secretariat_user)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Brouillon — non visible du public" in response.text
    assert '<meta name="robots" content="noindex">' in response.text


def test_staff_previews_a_scheduled_item_with_its_date(client, make_item, secretariat_user):
    scheduled = make_item(title="Bientôt", published_at=timezone.now() + timedelta(days=2))
    client.force_login(secretariat_user)
    response = client.get(scheduled.get_absolute_url())
    assert response.status_code == 200
    assert "Publication programmée le" in response.text


def test_unknown_slug_answers_404(client):
    assert client.get(reverse("news:detail", kwargs={"slug": "nulle-part"})).status_code == 404


def test_event_detail_shows_date_block_place_and_calendar_link(client, make_item):
    starts = timezone.now() + timedelta(days=5)
    item = make_item(
        title="Journée portes ouvertes",
        starts_at=starts,
        location="UFR SHA, amphi B",
    )
    html = client.get(item.get_absolute_url()).text
    assert 'class="date-block"' in html
    assert "Événement à venir" in html
    assert "Lieu : UFR SHA, amphi B" in html
    assert f'href="{item.ics_url()}"' in html


def test_past_event_no_longer_offers_the_calendar_file_link(client, make_item):
    item = make_item(starts_at=timezone.now() - timedelta(days=3))
    html = client.get(item.get_absolute_url()).text
    assert "Événement passé" in html
    assert item.ics_url() not in html


# --- Home --------------------------------------------------------------------


def test_home_shows_three_latest_items_pinned_first_and_upcoming_events(client, make_item):
    make_item(
        title="Épinglée ancienne", is_pinned=True, published_at=timezone.now() - timedelta(days=30)
    )
    for number in range(1, 5):
        make_item(title=f"Récente {number}", published_at=timezone.now() - timedelta(days=number))
    make_item(
        title="Soutenances à venir",
        starts_at=timezone.now() + timedelta(days=3),
        published_at=timezone.now() - timedelta(days=10),
    )
    make_item(
        title="Conférence passée",
        starts_at=timezone.now() - timedelta(days=3),
        published_at=timezone.now() - timedelta(days=11),
    )
    html = client.get(reverse("home")).text
    latest = html[html.index('id="titre-actualites"') : html.index('id="titre-a-venir"')]
    assert re.findall(r'news-card__title"><a href="[^"]+">([^<]+)<', latest) == [
        "Épinglée ancienne",
        "Récente 1",
        "Récente 2",
    ]
    assert "À la une" in latest
    upcoming = html[html.index('id="titre-a-venir"') :]
    assert "Soutenances à venir" in upcoming
    assert "Conférence passée" not in upcoming


def test_home_without_news_shows_no_empty_block(client):
    html = client.get(reverse("home")).text
    assert 'id="titre-actualites"' not in html and 'id="titre-a-venir"' not in html


# --- Scheduling with an injected clock ---------------------------------------


def test_scheduled_item_appears_on_every_page_at_its_time(client, make_item, clock):
    now = timezone.now()
    publication = now + timedelta(minutes=1)
    item = make_item(title="Résultats des admissions", published_at=publication)
    pages = [reverse("news:list"), reverse("home"), reverse("news:feed")]

    clock.set(publication - timedelta(seconds=1))
    for path in pages:
        assert "Résultats des admissions" not in client.get(path).content.decode(), path
    assert client.get(item.get_absolute_url()).status_code == 404

    clock.set(publication)
    for path in pages:
        assert "Résultats des admissions" in client.get(path).content.decode(), path
    assert client.get(item.get_absolute_url()).status_code == 200


# --- Query counts ------------------------------------------------------------


def count_queries(client, path):
    client.get(path)  # warm caches (site identity, Site)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("path_name", ["news:list", "home", "news:feed"])
def test_page_runs_the_same_number_of_queries_with_10_or_2000_items(
    client, category, make_image, path_name
):
    image = make_image()
    bulk_items(category, 10, image=image)
    bulk_items_event = {"starts_at": timezone.now() + timedelta(days=2)}
    path = reverse(path_name)
    small = count_queries(client, path)
    NewsItem.objects.all().delete()
    bulk_items(category, 2000, image=image)
    NewsItem.objects.filter(pk__in=NewsItem.objects.values("pk")[:500]).update(**bulk_items_event)
    large = count_queries(client, path)
    assert small == large


def test_detail_runs_the_same_number_of_queries_whatever_the_archive_size(
    client, make_item, category, make_image
):
    item = make_item(image=make_image())
    bulk_items(category, 10)
    small = count_queries(client, item.get_absolute_url())
    NewsItem.objects.exclude(pk=item.pk).delete()
    bulk_items(category, 2000)
    assert count_queries(client, item.get_absolute_url()) == small


def test_list_announces_upcoming_events_on_its_first_unfiltered_page(client, category, make_item):
    make_item(title="Conférence à venir", starts_at=timezone.now() + timedelta(days=2))
    make_item(title="Conférence passée", starts_at=timezone.now() - timedelta(days=2))
    bulk_items(category, 12)
    html = client.get(reverse("news:list")).text
    upcoming = html[html.index('id="titre-a-venir"') : html.index('class="news-list"')]
    assert "Conférence à venir" in upcoming and "Conférence passée" not in upcoming
    assert 'id="titre-a-venir"' not in client.get(reverse("news:list"), {"page": "2"}).text
    filtered = client.get(reverse("news:list"), {"categorie": category.slug}).text
    assert 'id="titre-a-venir"' not in filtered
