"""Every public page, at 1280, 768 and 320 px, in a real Chromium.

Status, one h1, French, zero axe violations, no sideways scrolling at any width, the skip
link as first tab stop, and every navigation and footer entry reachable with Tab.
No « À compléter » left in what a visitor reads.
Screenshots land in SCREENSHOT_DIR when it is set (to look at them, not to compare).
"""

import datetime
import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from alumni.models import Alumnus, AlumnusStatus, Sector
from core.publication import PublicationStatus
from documents.models import Category as DocumentCategory
from documents.models import Document
from news.models import Category as NewsCategory
from news.models import NewsItem
from pages.navigation import FOOTER, NAVIGATION, build_navigation
from programme.models import AcademicYear, Programme
from tests.documents.conftest import valid_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 768, 320)


@pytest.fixture
def public_content(site_content):
    past = timezone.now() - datetime.timedelta(hours=2)
    news_category = NewsCategory.objects.get_or_create(
        slug="vie-du-master", defaults={"name": "Vie du master", "order": 1}
    )[0]
    NewsItem.objects.create(
        title="Soutenances des mémoires de juin",
        slug="soutenances-de-juin",
        summary="Les soutenances publiques ont lieu le 20 juin au campus du Saulcy.",
        body="<p>Les étudiants présentent leur mémoire devant un jury.</p>",
        category=news_category,
        status=PublicationStatus.PUBLISHED,
        published_at=past,
    )
    document_category = DocumentCategory.objects.get_or_create(
        slug="candidature", defaults={"name": "Candidature", "order": 1}
    )[0]
    document = Document(
        title="Dossier de candidature",
        slug="dossier-de-candidature",
        description="Le dossier à remplir pour candidater au master.",
        category=document_category,
        status=PublicationStatus.PUBLISHED,
        published_at=past,
    )
    document.file = ContentFile(valid_bytes("pdf", "Dossier"), name="dossier.pdf")
    document.save()
    sector = Sector.objects.get_or_create(name="Association", defaults={"order": 1})[0]
    Alumnus.objects.create(
        first_name="Camille",
        last_name="Martin",
        cohort=2019,
        position="Chargée de mission insertion",
        employer="CCAS de Metz",
        sector=sector,
        city="Metz",
        email="camille@exemple.fr",
        status=AlumnusStatus.PUBLISHED,
        consents_to_name=True,
        consents_to_career=True,
    )
    # An older academic year: its page carries the « not the current year » banner.
    current = AcademicYear.load_current()
    older = AcademicYear.objects.create(
        label=f"{current.start_year - 1}-{current.start_year}",
        status=PublicationStatus.PUBLISHED,
        published_at=past - datetime.timedelta(days=365),
    )
    Programme.objects.create(
        year=older, name=current.programme.name, degree="Master", pitch="L'année passée."
    )


def older_year_url():
    return AcademicYear.objects.published().order_by("label").first().get_absolute_url()


def layout_urls():
    urls = []
    for link in build_navigation(None, NAVIGATION + FOOTER):
        if link.url:
            urls.append(link.url)
        urls.extend(child.url for child in link.children if child.url)
    return list(dict.fromkeys(url.split("#")[0] for url in urls))


def public_pages():
    extra = [
        "/actualites/soutenances-de-juin/",
        "/anciens-etudiants/mise-a-jour/",
        "/contact/",
        "/recherche/?q=insertion",
        "/plan-du-site/",
        older_year_url(),
    ]
    return list(dict.fromkeys(layout_urls() + extra))


def screenshot(page, path, width):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        name = path.strip("/").replace("/", "_").replace("?", "_") or "accueil"
        page.screenshot(path=Path(folder) / f"{name}-{width}.png", full_page=True)


def check_page(page, url, width, expected_status, assert_accessible):
    path = url.split("//", 1)[1].split("/", 1)[1]
    response = page.goto(url)
    assert response.status == expected_status, path
    assert page.locator("html").get_attribute("lang") == "fr", path
    assert page.locator("h1").count() == 1, path
    assert_accessible(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{path} déborde à {width} px : {scroll_width}px"
    assert "compléter" not in page.locator("body").inner_text().casefold(), path
    screenshot(page, path, width)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#contenu", path


@pytest.mark.parametrize("width", WIDTHS)
def test_every_public_page_is_sound_at_desktop_tablet_and_phone_width(
    live_server, page, public_content, assert_accessible, width
):
    page.set_viewport_size({"width": width, "height": 900})
    for path in public_pages():
        check_page(page, live_server.url + path, width, 200, assert_accessible)
    check_page(page, live_server.url + "/page-qui-n-existe-pas/", width, 404, assert_accessible)


def test_every_navigation_and_footer_entry_is_reachable_with_the_keyboard(
    live_server, page, public_content
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    wanted = set(layout_urls())
    reached = set()
    for _stop in range(200):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href')")
        if href:
            reached.add(href.split("#")[0])
        if wanted <= reached:
            break
    assert wanted <= reached, f"jamais atteints au clavier : {sorted(wanted - reached)}"
