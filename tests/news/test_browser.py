"""News pages and the admin journey in a real Chromium."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PillowImage

from core.publication import PublicationStatus
from news.models import NewsItem
from tests.news.conftest import bulk_items
from tests.staff import SECRETARIAT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def news_content(site_content, category, make_item, make_image):
    bulk_items(category, 14)
    event = make_item(
        title="Journée portes ouvertes du master IPPS, avec une présentation des débouchés",
        summary="Venez rencontrer l'équipe pédagogique et les étudiants de la promotion actuelle.",
        body="<h2>Programme</h2><ul><li>10 h : accueil</li><li>11 h : table ronde</li></ul>",
        image=make_image(),
        starts_at=timezone.now() + timedelta(days=6),
        ends_at=timezone.now() + timedelta(days=6, hours=3),
        location="UFR SHA, Île du Saulcy, Metz — amphi B",
        is_pinned=True,
    )
    return event


def test_news_pages_are_accessible(live_server, page, news_content, assert_accessible):
    for path in [
        reverse("news:list"),
        reverse("news:list") + "?page=2",
        reverse("news:list") + "?annee=1999",
        news_content.get_absolute_url(),
        reverse("home"),
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_news_pages_hold_up_at_320_pixels(live_server, page, news_content, tmp_path):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in [
        reverse("news:list"),
        reverse("news:list") + "?page=2",
        news_content.get_absolute_url(),
        reverse("home"),
    ]:
        page.goto(live_server.url + path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, f"{path} déborde : {scroll_width}px"
    page.goto(live_server.url + news_content.get_absolute_url())
    page.screenshot(path=tmp_path / "detail-320.png", full_page=True)


def test_pagination_and_filters_work_with_the_keyboard(live_server, page, news_content):
    page.goto(live_server.url + reverse("news:list"))
    page.locator("#filtre-categorie").select_option("vie-du-master")
    page.locator(".news-filters button").press("Enter")
    page.wait_for_url("**/actualites/?categorie=vie-du-master&annee=")
    assert page.locator(".news-results").inner_text().startswith("15 actualités trouvées")
    page.get_by_role("link", name="Page suivante").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**page=2")
    assert "categorie=vie-du-master" in page.url
    current = page.locator('.pagination [aria-current="page"]')
    assert current.inner_text().strip().endswith("2")
    box = page.get_by_role("link", name="Page précédente").bounding_box()
    assert box["height"] >= 44  # touch target


def jpeg_bytes():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1200, 800), (20, 80, 140)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_staff_writes_previews_and_schedules_a_news_item(
    live_server, page, site_content, category, secretariat_user
):
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", secretariat_user.username)
    page.fill("#id_password", SECRETARIAT_PASSWORD)
    page.click("input[type=submit]")
    page.goto(live_server.url + reverse("admin:news_newsitem_add"))

    page.locator("#id_title").press_sequentially("Résultats des admissions 2027")
    assert page.input_value("#id_slug") == "resultats-des-admissions-2027"
    page.select_option("#id_category", label="Vie du master")
    page.fill("#id_summary", "La liste des candidats admis en master 1 est disponible.")
    editor = page.locator(".field-body .ProseMirror >> visible=true").first
    editor.click()
    editor.type("Les résultats sont affichés à l'UFR.")

    with page.expect_popup() as popup_info:
        page.click("#add_id_image")
    popup = popup_info.value
    popup.set_input_files(
        "#id_file", {"name": "admis.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}
    )
    popup.fill("#id_alt_text", "Le tableau d'affichage des résultats")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    assert page.locator("#id_image option:checked").inner_text() == (
        "Le tableau d'affichage des résultats"
    )

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    item = NewsItem.objects.get()
    assert item.status == PublicationStatus.DRAFT and item.author == secretariat_user
    assert item.image.alt_text == "Le tableau d'affichage des résultats"
    assert page.locator(".field-image_preview img").count() == 1

    with page.expect_popup() as preview_info:
        page.get_by_role("link", name="Aperçu du brouillon").click()
    preview = preview_info.value
    preview.wait_for_load_state()
    assert preview.locator(".preview-banner").is_visible()
    assert preview.locator("h1").inner_text() == "Résultats des admissions 2027"
    assert preview.locator(".news-item__figure img").count() == 1
    preview.close()

    in_a_minute = timezone.localtime() + timedelta(minutes=1)
    page.select_option("#id_status", "published")
    page.fill("#id_published_at_0", in_a_minute.strftime("%d/%m/%Y"))
    page.fill("#id_published_at_1", in_a_minute.strftime("%H:%M:%S"))
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    item.refresh_from_db()
    assert item.is_scheduled()
    assert "Aperçu (programmée pour le" in page.locator(".field-site_link").inner_text()

    visitor = page.context.browser.new_page()
    for path in (reverse("news:list"), reverse("home"), reverse("news:feed")):
        visitor.goto(live_server.url + path)
        assert "Résultats des admissions 2027" not in visitor.content(), path
    assert visitor.goto(live_server.url + item.get_absolute_url()).status == 404
    visitor.close()
