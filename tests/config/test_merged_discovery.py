"""Search, sitemap.xml and the plan du site over the four merged apps, with real records.

Every kind gets a public record and its hidden twins (draft, scheduled, and expired
documents or non-consented alumni); the word « élèves » is in all of them, so a search
for it shows exactly what the public may see.
"""

import datetime
import re
from xml.etree import ElementTree

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alumni.models import Alumnus, AlumnusStatus, Sector
from core.publication import PublicationStatus
from documents.models import Category as DocumentCategory
from documents.models import Document
from news.models import Category as NewsCategory
from news.models import NewsItem
from pages.models import Page
from programme.models import Section
from tests.documents.conftest import valid_bytes

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def past(hours=2):
    return timezone.now() - datetime.timedelta(hours=hours)


def future(days=3):
    return timezone.now() + datetime.timedelta(days=days)


def states(public_label):
    """(title suffix, status, published_at) of one public and two hidden records."""
    return [
        (public_label, PUBLISHED, past()),
        ("brouillon", DRAFT, None),
        ("programmé", PUBLISHED, future()),
    ]


def make_section(title, status, published_at, number):
    return Section.objects.create(
        title=title,
        slug=f"section-{number}",
        body="<p>Les élèves suivent un stage.</p>",
        order=number,
        status=status,
        published_at=published_at,
    )


def make_news(title, status, published_at, number, category):
    return NewsItem.objects.create(
        title=title,
        slug=f"actualite-{number}",
        summary="Rencontre des élèves avec les anciens.",
        body="<p>Texte.</p>",
        category=category,
        status=status,
        published_at=published_at,
    )


def make_document(title, status, published_at, number, category, valid_until=None):
    document = Document(
        title=title,
        slug=f"document-{number}",
        description="Livret des élèves.",
        category=category,
        status=status,
        published_at=published_at,
        valid_until=valid_until,
    )
    document.file = ContentFile(valid_bytes("pdf", title), name=f"document-{number}.pdf")
    document.save()
    return document


def make_alumnus(last_name, number, sector, **fields):
    values = {
        "first_name": "Camille",
        "last_name": last_name,
        "cohort": 2019,
        "position": "Référente insertion des élèves",
        "employer": "Conseil départemental",
        "sector": sector,
        "city": "Metz",
        "email": f"ancien{number}@exemple.fr",
        "status": AlumnusStatus.PUBLISHED,
        "consents_to_name": True,
        "consents_to_career": True,
    }
    values.update(fields)
    return Alumnus.objects.create(**values)


@pytest.fixture
def every_kind(db, site_content):
    """One public record per kind, and its hidden twins; returns the public ones."""
    news_category = NewsCategory.objects.create(name="Vie des élèves", slug="vie", order=1)
    document_category = DocumentCategory.objects.update_or_create(
        slug="scolarite", defaults={"name": "Scolarité", "order": 1}
    )[0]
    sector = Sector.objects.get_or_create(name="Collectivité", defaults={"order": 1})[0]
    public = {}
    for number, (label, status, when) in enumerate(states("publiée"), start=1):
        section = make_section(f"Section élèves {label}", status, when, number)
        news = make_news(f"Actualité élèves {label}", status, when, number, news_category)
        document = make_document(
            f"Document élèves {label}", status, when, number, document_category
        )
        if number == 1:
            public.update(section=section, news=news, document=document)
    make_document(
        "Document élèves expiré",
        PUBLISHED,
        past(),
        9,
        document_category,
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    public["alumnus"] = make_alumnus("Publique", 1, sector)
    make_alumnus("Brouillon", 2, sector, status=AlumnusStatus.PENDING)
    make_alumnus("Anonyme", 3, sector, consents_to_name=False)
    make_alumnus("Discrète", 4, sector, consents_to_career=False)
    page = Page.objects.get(slug="plans-acces")
    page.summary = "Comment les élèves rejoignent le campus du Saulcy."
    page.save()
    public["page"] = page
    return public


def search_groups(client, query):
    """{group heading: [result titles]} and the raw page, as a visitor reads them."""
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    groups = {}
    for heading, body in re.findall(
        r'<h2 id="resultats-[^"]+">(.*?)</h2>(.*?)</section>', html, re.S
    ):
        titles = re.findall(r'<h3 class="search-result__title"><a [^>]*>(.*?)</a>', body)
        groups[heading] = [re.sub(r"</?mark>", "", title) for title in titles]
    return groups, html


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["eleves", "ÉLÈVES", "élèves"])
def test_search_finds_exactly_the_public_records_of_every_kind_grouped(client, every_kind, query):
    groups, html = search_groups(client, query)

    found = {heading: set(titles) for heading, titles in groups.items()}
    assert found["Présentation de la formation"] == {"Section élèves publiée"}
    assert found["Actualités"] == {"Actualité élèves publiée"}
    assert found["Documents utiles"] == {"Document élèves publiée"}
    assert found["Anciens étudiants"] == {"Camille Publique"}
    assert any("Plans d" in title for title in found["Informations pratiques"])
    for hidden in ("brouillon", "programmé", "expiré", "Brouillon", "Anonyme", "Discrète"):
        assert hidden not in html.split("<main")[1]
    assert re.search(r"<mark>élèves</mark>", html, re.I)


@pytest.mark.django_db
def test_search_ignores_case_insertion_finds_insertion(client, every_kind):
    groups, html = search_groups(client, "INSERTION")
    assert groups["Anciens étudiants"] == ["Camille Publique"]
    assert "<mark>insertion</mark>" in html


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return {
        url.find("s:loc", SITEMAP_NS).text.removeprefix("http://testserver"): url.find(
            "s:lastmod", SITEMAP_NS
        )
        for url in root.findall("s:url", SITEMAP_NS)
    }, response.content.decode()


@pytest.mark.django_db
def test_sitemap_lists_exactly_the_published_objects_with_their_dates(client, every_kind):
    entries, text = sitemap_entries(client)

    for key in ("news", "document", "page"):
        url = every_kind[key].get_absolute_url()
        assert url in entries, url
        assert entries[url] is not None and entries[url].text
    assert "/actualite-2/" not in text and "/actualite-3/" not in text
    assert "/document-2/" not in text and "/document-3/" not in text
    assert "/document-9/" not in text
    # Sections live on /formation/ as anchors: the page is listed once, never a fragment.
    assert text.count("/formation/<") == 1
    assert "#" not in text
    assert entries["/formation/"].text == timezone.localdate().isoformat()
    # Personal pages stay out of crawlers' lists by design.
    assert "/anciens-etudiants/" in entries
    assert not any(
        re.match(r"/anciens-etudiants/.+", url) for url in entries if "mise-a-jour" not in url
    )


@pytest.mark.django_db
def test_plan_du_site_lists_sections_with_anchors_and_both_kinds_of_categories(client, every_kind):
    html = client.get("/plan-du-site/").content.decode()
    section = every_kind["section"]
    assert f'href="/formation/#{section.slug}"' in html
    assert "Section élèves publiée" in html
    assert "Section élèves brouillon" not in html
    assert "Vie des élèves" in html
    assert "Scolarité" in html


def add_bulk(count, start, sector, news_category, document_category):
    for number in range(start, start + count):
        make_section(f"Section élèves {number}", PUBLISHED, past(), number)
        make_news(f"Actualité élèves {number}", PUBLISHED, past(), number, news_category)
        make_document(f"Document élèves {number}", PUBLISHED, past(), number, document_category)
        make_alumnus(f"Nom{number}", number, sector)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "shows_the_new_records"),
    [
        ("/recherche/?q=eleves", "Actualité <mark>élèves</mark> 1"),
        ("/sitemap.xml", "/actualites/actualite-124/"),
        ("/plan-du-site/", "Section élèves 124"),
    ],
)
def test_search_sitemap_and_plan_run_the_same_queries_with_few_or_many_records(
    client, every_kind, path, shows_the_new_records
):
    sector = Sector.objects.first()
    news_category = NewsCategory.objects.get(slug="vie")
    document_category = DocumentCategory.objects.get(slug="scolarite")
    client.get(path)
    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    add_bulk(25, 100, sector, news_category, document_category)
    with CaptureQueriesContext(connection) as large:
        response = client.get(path)
    assert response.status_code == 200
    assert shows_the_new_records in response.content.decode()
    assert len(small) == len(large)
