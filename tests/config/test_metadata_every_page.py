"""Title, description, canonical, Open Graph and JSON-LD on every kind of public page."""

import datetime
import html as html_lib
import json
import re

import pytest
from django.utils import timezone

from alumni.models import Alumnus, AlumnusStatus, Sector
from core.publication import PublicationStatus
from news.models import Category, NewsItem

SUFFIX = " — Master IPPS — Université de Lorraine"


@pytest.fixture
def news_item(db):
    category = Category.objects.get_or_create(
        slug="vie-du-master", defaults={"name": "Vie du master", "order": 1}
    )[0]
    return NewsItem.objects.create(
        title="Soutenances de juin",
        slug="soutenances-de-juin",
        summary="Les soutenances des mémoires ont lieu le 20 juin à Metz.",
        body="<p>Texte.</p>",
        category=category,
        status=PublicationStatus.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )


@pytest.fixture
def alumnus(db):
    sector = Sector.objects.get_or_create(name="Association", defaults={"order": 1})[0]
    return Alumnus.objects.create(
        first_name="Camille",
        last_name="Martin",
        cohort=2019,
        position="Chargée de mission",
        employer="CCAS de Metz",
        sector=sector,
        city="Metz",
        email="camille@exemple.fr",
        status=AlumnusStatus.PUBLISHED,
        consents_to_name=True,
        consents_to_career=True,
    )


INNER_PATHS = [
    "/formation/",
    "/actualites/",
    "/actualites/soutenances-de-juin/",
    "/anciens-etudiants/",
    "/anciens-etudiants/mise-a-jour/",
    "/documents/",
    "/plans-acces/",
    "/mentions-legales/",
    "/accessibilite/",
    "/donnees-personnelles/",
    "/contact/",
    "/plan-du-site/",
    "/recherche/?q=master",
]


def head_of(page):
    return page.split("</head>")[0]


def single(pattern, text, what):
    found = re.findall(pattern, text, re.S)
    assert len(found) == 1, f"{what}: {len(found)} found"
    return html_lib.unescape(found[0])


def json_ld_blocks(page):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]


def visible_breadcrumbs(page):
    nav = single(r'<nav class="breadcrumbs[^"]*"[^>]*>(.*?)</nav>', page, "breadcrumb nav")
    items = re.findall(r"<li>(.*?)</li>", nav, re.S)
    crumbs = []
    for item in items:
        link = re.search(r'<a href="([^"]*)">(.*?)</a>', item, re.S)
        if link:
            crumbs.append((html_lib.unescape(link.group(2)).strip(), link.group(1)))
        else:
            label = re.search(r"<span[^>]*>(.*?)</span>", item, re.S).group(1)
            crumbs.append((html_lib.unescape(label).strip(), None))
    return crumbs


def check_common_metadata(page, path):
    head = head_of(page)
    title = single(r"<title>(.*?)</title>", head, "title")
    assert title.endswith(SUFFIX) or title == SUFFIX.removeprefix(" — ")
    heading = title.removesuffix(SUFFIX)
    assert heading.strip() and "— —" not in title and not heading.endswith("—"), title
    description = single(r'<meta name="description" content="([^"]*)">', head, "description")
    assert len(description.strip()) > 20 and "<" not in description
    canonical = single(r'<link rel="canonical" href="([^"]*)">', head, "canonical")
    assert canonical == "http://testserver" + path.split("?")[0]
    assert single(r'<meta property="og:url" content="([^"]*)">', head, "og:url") == canonical
    assert single(r'<meta property="og:description" content="([^"]*)">', head, "og") == description
    assert single(r'<meta property="og:title" content="([^"]*)">', head, "og:title").strip()
    assert single(r'<meta property="og:locale" content="([^"]*)">', head, "locale") == "fr_FR"
    return title, canonical


@pytest.mark.django_db
def test_home_has_a_plain_title_and_the_ufr_as_college_or_university(client, site_content):
    page = client.get("/").content.decode()
    title, _canonical = check_common_metadata(page, "/")
    assert title == "Master IPPS — Université de Lorraine"
    types = [block["@type"] for block in json_ld_blocks(page)]
    assert "CollegeOrUniversity" in types and "BreadcrumbList" not in types


@pytest.mark.django_db
@pytest.mark.parametrize("path", INNER_PATHS)
def test_inner_page_metadata_and_json_ld_breadcrumbs_match_the_visible_ones(
    client, site_content, news_item, alumnus, path
):
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    title, canonical = check_common_metadata(page, path)

    visible = visible_breadcrumbs(page)
    lists = [block for block in json_ld_blocks(page) if block["@type"] == "BreadcrumbList"]
    assert len(lists) == 1
    items = lists[0]["itemListElement"]
    assert [item["name"] for item in items] == [label for label, _url in visible]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    for item, (_label, url) in zip(items[:-1], visible[:-1], strict=True):
        assert item["item"] == "http://testserver" + url
    assert items[0]["name"] == "Accueil"
    assert items[-1]["item"] == canonical
    # The page's own crumb is what its title starts with (search: « Recherche : … »).
    assert title.startswith(items[-1]["name"].split(" : ")[0])
