"""Accessibility warnings where the secretariat looks: under each rich-text field of the
form (from the server, no JavaScript needed), from the staff-only check the editor calls
while staff type, under the preview banner, and in « À traiter » with its report."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from backoffice.attention import records_with_accessibility_warnings
from core.accessibility import check_html, image_warnings, record_warnings
from core.models import Image
from core.preview import preview_link_create, preview_url
from core.publication import PublicationStatus
from pages.models import Page
from programme.models import Section
from tests.html import has_class, parse_html, text_of, texts
from tests.staff import sign_in_two_step

from .conftest import make_news, png_upload
from .test_attention import panel

pytestmark = pytest.mark.django_db

CHECK_URL = reverse_lazy("admin:accessibility_check")
REPORT = reverse_lazy("admin:accessibility_report")
LABEL = "Contenus publiés ou programmés avec des points d'accessibilité à revoir"


def warning_boxes(response):
    """{field id: [warnings]} under each checked rich-text field of an admin form."""
    tree = parse_html(response)
    boxes = {}
    textareas = [
        element
        for element in tree.iter()
        if element.tag == "textarea" or has_class(element, "accessibility-check")
    ]
    for textarea, box in zip(textareas, textareas[1:], strict=False):
        if textarea.tag == "textarea" and has_class(box, "accessibility-check"):
            boxes[textarea.get("id")] = [text_of(item) for item in box.iter("li")]
    return boxes


@pytest.fixture
def legal_page(site_content):
    page = Page.objects.get(slug="mentions-legales")
    page.body = '<h2>Éditeur</h2><h4>Hébergeur</h4><p><a href="/contact/">cliquez ici</a></p>'
    page.directions = "<h2>Accès</h2><p>Tram ligne 1.</p>"
    page.save()
    return page


def test_the_change_form_lists_the_warnings_under_each_rich_text_field(staff_client, legal_page):
    response = staff_client.get(reverse("admin:pages_page_change", args=[legal_page.pk]))
    boxes = warning_boxes(response)
    assert boxes["id_body"][0].startswith("Niveau de titre sauté : « Hébergeur »")
    assert boxes["id_body"][1].startswith("Lien « cliquez ici »")
    assert boxes["id_directions"] == []
    html = response.content.decode()
    assert "admin-extra/accessibility-check.js" in html
    (box,) = [
        dict(element.attrib)
        for element in parse_html(html).iter("div")
        if has_class(element, "accessibility-check") and element.findall(".//li")
    ]
    assert box["data-check-url"] == str(CHECK_URL)
    assert box["aria-live"] == "polite"


def test_a_sub_section_edited_inline_has_its_warnings_too(staff_client, site_content):
    parent = Section.objects.filter(parent__isnull=True).order_by("pk").first()
    Section.objects.create(
        parent=parent, title="Stages", order=1, body="<h4>Durée</h4><p>Six mois.</p>"
    )
    response = staff_client.get(reverse("admin:programme_section_change", args=[parent.pk]))
    inline_boxes = {key: value for key, value in warning_boxes(response).items() if "-" in key}
    assert any(
        warnings and warnings[0].startswith("Niveau de titre sauté : « Durée »")
        for warnings in inline_boxes.values()
    ), inline_boxes


def test_the_live_check_runs_the_server_rules_on_what_staff_type(staff_client):
    html = '<h2>Calendrier</h2><p><a href="https://www.univ-lorraine.fr">https://www.univ-lorraine.fr</a></p>'
    response = staff_client.post(CHECK_URL, {"html": html})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"warnings": check_html(html)}
    assert response.json()["warnings"][0].startswith("Lien dont le texte est une adresse")
    fine = staff_client.post(CHECK_URL, {"html": "<h2>Calendrier</h2><p>Texte.</p>"})
    assert fine.json() == {"warnings": []}


def test_the_live_check_reads_the_text_as_it_would_be_saved(staff_client):
    # The sanitizer drops what the editor cannot produce (an <h1>, a script) before the
    # check, exactly as saving does: the warnings are those of the stored text.
    response = staff_client.post(
        CHECK_URL, {"html": "<script>alert(1)</script><h1></h1><h2>Titre</h2>"}
    )
    assert response.json() == {"warnings": []}


def test_the_live_check_refuses_bad_requests_without_an_error_page(staff_client):
    assert staff_client.get(CHECK_URL).status_code == 405
    missing = staff_client.post(CHECK_URL, {})
    assert missing.status_code == 400
    assert "error" in missing.json()
    too_long = staff_client.post(CHECK_URL, {"html": "<p>" + "a" * 200_001 + "</p>"})
    assert too_long.status_code == 400


def test_the_live_check_is_for_staff_only(client, django_user_model):
    response = client.post(CHECK_URL, {"html": "<h4>Titre</h4>"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    visitor = django_user_model.objects.create_user("visiteur", password="x" * 12)
    client.force_login(visitor)
    response = client.post(CHECK_URL, {"html": "<h4>Titre</h4>"})
    assert response.status_code == 302
    assert not response.content.startswith(b"{")


def test_the_live_check_needs_the_csrf_token(secretariat_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(secretariat_user)
    assert browser.post(CHECK_URL, {"html": "<h4>Titre</h4>"}).status_code == 403


def picture(alt_text, **fields):
    image = Image(file=png_upload(), alt_text=alt_text, **fields)
    image.save()
    return image


def test_pictures_whose_alt_text_describes_nothing_are_flagged():
    assert image_warnings(picture("Soutenance des mémoires 2025")) == []
    assert image_warnings(picture("", is_decorative=True)) == []
    for alt in ("IMG_2041.jpg", "affiche", "Photo", "DSC01234", "scan-3.pdf"):
        (warning,) = image_warnings(picture(alt))
        assert f"(« {alt} »)" in warning
        assert "recopiez le texte qu'elle contient" in warning


def test_a_record_warns_about_its_picture_only_when_loaded_with_it(django_assert_num_queries):
    item = make_news(image=picture("IMG_2041.jpg"))
    fresh = type(item).objects.get(pk=item.pk)
    with django_assert_num_queries(0):
        assert record_warnings(fresh) == []  # not loaded: never a query to find out
    loaded = type(item).objects.select_related("image").get(pk=item.pk)
    ((label, warnings),) = record_warnings(loaded)
    assert label == "image"
    assert "IMG_2041.jpg" in warnings[0]


def test_saving_a_news_item_with_a_poorly_described_picture_warns(staff_client):
    from django.contrib.messages import WARNING

    from tests.admin_forms import admin_form_data

    item = make_news()
    url = reverse("admin:news_newsitem_change", args=[item.pk])
    image = picture("affiche")
    data = admin_form_data(staff_client.get(url), image=str(image.pk))
    response = staff_client.post(url, data, follow=True)
    item.refresh_from_db()
    assert item.image == image
    warnings = [str(m) for m in response.context["messages"] if m.level == WARNING]
    assert any("Accessibilité de « image »" in w and "(« affiche »)" in w for w in warnings)


def test_the_preview_banner_lists_the_warnings_of_a_draft(staff_client, site_content):
    item = make_news(
        status=PublicationStatus.DRAFT,
        published_at=None,
        body=(
            "<p>Le programme : <a href='/documents/'>lien</a></p><table><tr><td>1</td></tr></table>"
        ),
        image=picture("IMG_2041.jpg"),
    )
    html = staff_client.get(item.get_absolute_url()).content.decode()
    tree = parse_html(html)
    (body,) = tree.iter("body")
    banner_and_box = [
        element
        for element in body
        if has_class(element, "preview-banner") or has_class(element, "staff-accessibility")
    ]
    assert [element.tag for element in banner_and_box] == ["p", "aside"]
    (box,) = texts(html, "aside", "staff-accessibility")
    assert "3 points d'accessibilité à revoir" in box
    assert "texte : Lien « lien »" in box
    assert "texte : Tableau sans cellule d'en-tête" in box
    assert "image : Image dont le texte alternatif (« IMG_2041.jpg »)" in box


def test_preview_link_holders_and_visitors_never_see_the_warnings(
    client, site_content, secretariat_user
):
    item = make_news(
        status=PublicationStatus.DRAFT, published_at=None, body="<p><a href='/'>ici</a></p>"
    )
    link = preview_link_create(item, secretariat_user)
    response = client.get(preview_url(link, item))
    assert response.status_code == 200
    assert texts(response.content.decode(), "p", "preview-banner")
    assert "staff-accessibility" not in response.content.decode()
    item.status = PublicationStatus.PUBLISHED
    item.save()
    assert "staff-accessibility" not in client.get(item.get_absolute_url()).content.decode()


def test_staff_see_the_warnings_of_the_presentation_named_by_part(staff_client, site_content):
    section = Section.objects.filter(parent__isnull=True).order_by("pk").first()
    section.body = "<h3>Objectifs</h3><h2></h2>"
    section.save()
    html = staff_client.get(reverse("programme:presentation")).content.decode()
    (box,) = texts(html, "aside", "staff-accessibility")
    assert f"« {section} », texte : Titre vide (niveau 2)" in box


def test_a_home_line_counts_published_and_scheduled_records_and_lists_them(staff_client):
    cache.clear()
    before = panel(staff_client).get(LABEL, (0, ""))[0]
    published = make_news("Forum", body="<h3>Programme</h3>")
    scheduled = make_news(
        "Rentrée",
        body="<p><a href='/'>cliquez ici</a></p>",
        published_at=timezone.now() + timedelta(days=2),
    )
    make_news("Brouillon", body="<h4>Note</h4>", status=PublicationStatus.DRAFT)
    make_news("Sans souci", body="<h2>Programme</h2>")
    count, url = panel(staff_client)[LABEL]
    assert count == before + 2
    assert url == reverse("admin:accessibility_report")
    report = staff_client.get(url)
    assert report.status_code == 200
    tree = parse_html(report)
    rows = {
        text_of(row.find("th")): (row.find(".//a").get("href"), text_of(row.find("td")))
        for row in tree.iter("tr")
        if row.find("td") is not None
    }
    assert rows["Forum"][0] == reverse("admin:news_newsitem_change", args=[published.pk])
    assert "Texte : Niveau de titre sauté : « Programme »" in rows["Forum"][1]
    assert rows["Rentrée"][0] == reverse("admin:news_newsitem_change", args=[scheduled.pk])
    assert "Brouillon" not in rows
    assert "Sans souci" not in rows
    scheduled.body = "<p><a href='/'>le calendrier</a></p>"
    scheduled.save()
    assert panel(staff_client)[LABEL][0] == before + 1


def test_the_home_line_keeps_a_bounded_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    cache.clear()
    for number in range(3):
        make_news(f"Actualité {number}", body="<h4>Titre</h4>")
    staff_client.get(reverse("admin:index"))  # fills the cache
    for number in range(30):
        make_news(f"Encore {number}", body="<h4>Titre</h4>")
    staff_client.get(reverse("admin:index"))
    with django_assert_max_num_queries(60) as small:
        staff_client.get(reverse("admin:index"))
    for number in range(30):
        make_news(f"Toujours {number}", body="<h4>Titre</h4>")
    staff_client.get(reverse("admin:index"))
    with django_assert_max_num_queries(60) as large:
        staff_client.get(reverse("admin:index"))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_line_and_the_report_count_only_what_the_user_may_change(
    programme_manager, staff_client, legal_page
):
    cache.clear()
    # The « Responsable pédagogique » edits the programme and the news, not the fixed pages.
    assert not programme_manager.has_perm("pages.change_page")
    manager_client = sign_in_two_step(Client(), programme_manager)
    staff_count = panel(staff_client)[LABEL][0]
    pages_with_warnings = len(records_with_accessibility_warnings(Page))
    assert pages_with_warnings >= 1
    assert panel(manager_client).get(LABEL, (0, ""))[0] == staff_count - pages_with_warnings
    staff_kinds = [kind["name"] for kind in staff_client.get(REPORT).context["kinds"]]
    assert "Pages fixes" in staff_kinds
    report = manager_client.get(REPORT)
    assert report.status_code == 200
    assert "Pages fixes" not in [kind["name"] for kind in report.context["kinds"]]
