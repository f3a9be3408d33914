from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.publication import PublicationStatus
from news.models import NewsItem
from tests.html import texts

pytestmark = pytest.mark.django_db


def test_secretariat_publishes_now_by_leaving_the_date_empty(staff_client, category):
    before = timezone.now()
    response = staff_client.post(
        reverse("admin:news_newsitem_add"),
        {
            "title": "Résultats des admissions",
            "slug": "",
            "category": category.pk,
            "summary": "Les résultats sont en ligne.",
            "body": "<p>Félicitations aux admis.</p>",
            "status": PublicationStatus.PUBLISHED,
            "published_at_0": "",
            "published_at_1": "",
        },
    )
    assert response.status_code == 302, texts(response.content, css_class="errorlist")
    item = NewsItem.objects.get()
    assert before <= item.published_at <= timezone.now()
    assert item.is_published()


def test_changelist_shows_columns_and_searches_title_and_summary(staff_client, make_item):
    make_item(title="Soutenances de juin", summary="Salle B.", is_pinned=True)
    make_item(title="Rentrée", summary="Réunion sur les soutenances passées.")
    make_item(title="Mission à Metz Métropole", summary="Six mois.")
    make_item(title="Programmée", published_at=timezone.now() + timedelta(days=1))
    url = reverse("admin:news_newsitem_changelist")
    response = staff_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for header in ("Titre", "État", "Date de publication", "Catégorie", "Épinglée"):
        assert header in html
    assert "Programmé pour le" in html
    results = staff_client.get(url, {"q": "soutenances"}).content.decode()
    assert "Soutenances de juin" in results and "Rentrée" in results
    assert "Mission à Metz Métropole" not in results


@pytest.mark.parametrize(
    "query",
    [
        {"etat": "brouillon"},
        {"etat": "programme"},
        {"annee": "2026"},
        {"annee": "x"},
        {"annee": "0"},
    ],
)
def test_changelist_filters_answer(staff_client, make_item, query):
    make_item()
    response = staff_client.get(reverse("admin:news_newsitem_changelist"), query)
    assert response.status_code == 200


def test_state_filter_keeps_only_drafts(staff_client, make_item):
    make_item(title="Publiée")
    make_item(title="En brouillon", status=PublicationStatus.DRAFT)
    html = staff_client.get(
        reverse("admin:news_newsitem_changelist"), {"etat": "brouillon"}
    ).content.decode()
    assert "En brouillon" in html and ">Publiée<" not in html


def test_add_form_creates_a_draft_stamped_with_its_author(
    staff_client, secretariat_user, category, make_image
):
    image = make_image()
    response = staff_client.get(reverse("admin:news_newsitem_add"))
    assert response.status_code == 200
    response = staff_client.post(
        reverse("admin:news_newsitem_add"),
        {
            "title": "Journée portes ouvertes",
            "slug": "",
            "category": category.pk,
            "summary": "Venez rencontrer l'équipe.",
            "body": "<p>Programme <script>alert(1)</script>de la journée.</p>",
            "image": image.pk,
            "status": PublicationStatus.DRAFT,
            "published_at_0": "",
            "published_at_1": "",
            "starts_at_0": "14/03/2027",
            "starts_at_1": "10:00",
            "ends_at_0": "",
            "ends_at_1": "",
            "location": "UFR SHA",
        },
    )
    assert response.status_code == 302, response.content.decode()
    item = NewsItem.objects.get()
    assert item.author == secretariat_user
    assert item.slug == "journee-portes-ouvertes"
    assert item.image == image
    assert "<script>" not in item.body
    assert timezone.localtime(item.starts_at).hour == 10


def test_no_event_box_the_start_date_makes_the_event(staff_client, category):
    """One notion of event: no « c'est un événement » box, the start date decides."""
    add_url = reverse("admin:news_newsitem_add")
    form = staff_client.get(add_url).content.decode()
    assert 'name="is_event"' not in form
    assert 'name="starts_at_0"' in form
    response = staff_client.post(
        add_url,
        {
            "title": "Conférence",
            "category": category.pk,
            "summary": "Une conférence.",
            "body": "",
            "status": PublicationStatus.DRAFT,
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert not NewsItem.objects.get().is_event


def test_change_form_shows_thumbnail_and_site_link(staff_client, make_item, make_image):
    item = make_item(image=make_image())
    html = staff_client.get(reverse("admin:news_newsitem_change", args=[item.pk])).content.decode()
    assert "/media/images/" in html and "renditions" in html
    assert f'href="{item.get_absolute_url()}" target="_blank"' in html
    assert "Voir sur le site" in html


def test_slug_is_read_only_once_published(staff_client, make_item):
    published = make_item(title="Publiée")
    draft = make_item(title="Brouillon", status=PublicationStatus.DRAFT)
    published_form = staff_client.get(
        reverse("admin:news_newsitem_change", args=[published.pk])
    ).content.decode()
    draft_form = staff_client.get(
        reverse("admin:news_newsitem_change", args=[draft.pk])
    ).content.decode()
    assert 'name="slug"' not in published_form
    assert 'name="slug"' in draft_form


def test_publish_and_unpublish_actions(staff_client, make_item):
    draft = make_item(status=PublicationStatus.DRAFT)
    url = reverse("admin:news_newsitem_changelist")
    asked = staff_client.post(url, {"action": "publish_now", "_selected_action": [draft.pk]})
    assert "Publier maintenant ces éléments" in asked.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published()  # nothing changes before staff confirm
    confirmed = {"action": "publish_now", "_selected_action": [draft.pk], "confirmation": "oui"}
    staff_client.post(url, confirmed)
    draft.refresh_from_db()
    assert draft.is_published()
    staff_client.post(
        url, {"action": "unpublish", "_selected_action": [draft.pk], "confirmation": "oui"}
    )
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT


def test_category_admin_lists_the_seeded_categories(staff_client):
    html = staff_client.get(reverse("admin:news_category_changelist")).content.decode()
    assert "Offre de stage" in html and "Soutenance" in html


def test_same_title_twice_in_the_admin_gives_distinct_addresses(staff_client, category):
    for _ in range(2):
        response = staff_client.post(
            reverse("admin:news_newsitem_add"),
            {
                "title": "Soutenances de juin",
                "slug": "soutenances-de-juin",  # what the admin's JavaScript fills in
                "category": category.pk,
                "summary": "Le programme.",
                "body": "<p>Texte.</p>",
                "status": PublicationStatus.DRAFT,
            },
        )
        assert response.status_code == 302
    assert sorted(NewsItem.objects.values_list("slug", flat=True)) == [
        "soutenances-de-juin",
        "soutenances-de-juin-2",
    ]


def test_view_on_site_button_points_to_the_public_page(staff_client, make_item):
    item = make_item()
    html = staff_client.get(reverse("admin:news_newsitem_change", args=[item.pk])).content.decode()
    assert f'href="{item.get_absolute_url()}" class="viewsitelink"' in html
