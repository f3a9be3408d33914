import pytest
from django.apps import apps
from django.urls import reverse

from core.models import Image
from pages.initial_content import load_standalone_pages
from pages.models import Page
from tests.html import parse_html, text_of, texts


def texts_in(element, tag):
    return [text_of(found) for found in element.iter(tag)]


PAGES = {
    "pages:access_map": ("/plans-acces/", "Plans d'accès"),
    "pages:legal_notice": ("/mentions-legales/", "Mentions légales"),
    "pages:accessibility": ("/accessibilite/", "Déclaration d'accessibilité"),
    "pages:privacy": ("/donnees-personnelles/", "Données personnelles"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", PAGES)
def test_each_fixed_page_answers_at_its_address_with_its_title(client, site_content, url_name):
    path, title = PAGES[url_name]
    assert reverse(url_name) == path
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 id="titre-page">{title}</h1>'.replace("'", "&#x27;") in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_legal_notice_names_the_publisher_and_leaves_out_director_and_host_until_known(
    client, site_content
):
    html = client.get(reverse("pages:legal_notice")).content.decode()
    assert "Université de Lorraine" in html
    assert "34 cours Léopold" in html and "CS 25233" in html and "54052 Nancy cedex" in html
    assert "03 54 50 54 00" in html
    headings = texts(html, "h2")
    assert "Éditeur du site" in headings
    assert "Hébergement" not in headings
    assert "compléter" not in html


@pytest.mark.django_db
def test_accessibility_statement_follows_the_rgaa_structure(client, site_content):
    html = client.get(reverse("pages:accessibility")).content.decode()
    for heading in [
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Établissement de cette déclaration",
        "Retour d&#x27;information et contact",
        "Voies de recours",
    ]:
        assert f"<h2>{heading}</h2>".replace("&#x27;", "'") in html.replace("&#x27;", "'")
    assert "Défenseur des droits" in html


@pytest.mark.django_db
def test_privacy_page_states_what_is_kept_how_long_and_that_there_is_no_cookie(
    client, site_content
):
    html = client.get(reverse("pages:privacy")).content.decode()
    assert "conservés un an, puis supprimés" in html
    assert "tant que votre consentement dure" in html
    assert (
        "par secteur d&#x27;activité et par promotion" in html or "par secteur d'activité" in html
    )
    assert "aucun cookie" in html
    assert "ne charge aucun contenu depuis un site" in html
    for right in ["accès", "rectification", "effacement", "retirer votre consentement"]:
        assert right in html


@pytest.mark.django_db
def test_footer_states_compliance_and_links_to_the_statement(client, site_content):
    html = client.get(reverse("home")).content.decode()
    assert '<a href="/accessibilite/">Accessibilité : non conforme</a>' in html
    for path in ["/mentions-legales/", "/donnees-personnelles/", "/contact/"]:
        assert f'href="{path}"' in html


@pytest.mark.django_db
def test_access_map_shows_campus_address_openstreetmap_links_and_no_embed(client, site_content):
    html = client.get(reverse("pages:access_map")).content.decode()
    assert "Île du Saulcy" in html and "57006 Metz cedex 1" in html
    assert 'href="tel:+33387315638"' in html
    assert "https://www.openstreetmap.org/?mlat=" in html
    assert "https://www.openstreetmap.org/directions?route=" in html
    assert "<iframe" not in html
    assert "Comment venir" in html and "En bus" in html


@pytest.mark.django_db
def test_access_map_shows_the_uploaded_map_image_with_its_alt_text(client, site_content, tmp_path):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PillowImage

    buffer = BytesIO()
    PillowImage.new("RGB", (800, 600), "white").save(buffer, "PNG")
    image = Image(
        file=SimpleUploadedFile("plan.png", buffer.getvalue(), content_type="image/png"),
        alt_text="Plan du campus du Saulcy, bâtiment de l'UFR entouré",
    )
    image.save()
    Page.objects.filter(slug="plans-acces").update(
        map_image=image,
        map_description="L'UFR est au nord de l'île, face au parking.",
    )
    figure = parse_html(client.get(reverse("pages:access_map"))).find(".//figure")
    img = figure.find(".//img")
    assert img.get("alt") == "Plan du campus du Saulcy, bâtiment de l'UFR entouré"
    assert "480w" in img.get("srcset")
    assert (img.get("width"), img.get("height")) == ("800", "600")
    assert "au nord de l'île, face au parking" in text_of(figure.find("figcaption"))


@pytest.mark.django_db
def test_access_map_without_an_image_shows_no_figure_nor_placeholder(client, site_content):
    main = parse_html(client.get(reverse("pages:access_map"))).find(".//main")
    assert main.find(".//figure") is None
    assert "Plan du campus" not in texts_in(main, "h2")


@pytest.mark.django_db
def test_fixed_page_runs_a_fixed_number_of_queries(
    client, site_content, django_assert_max_num_queries
):
    client.get(reverse("pages:access_map"))  # warms the identity cache
    with django_assert_max_num_queries(1):
        client.get(reverse("pages:access_map"))


@pytest.mark.django_db
def test_initial_pages_are_loaded_once_and_edits_are_never_overwritten(site_content):
    page = Page.objects.get(slug="mentions-legales")
    page.body = "<p>Directeur de la publication : M. Exemple.</p>"
    page.save()
    load_standalone_pages(apps)
    assert Page.objects.count() == 4
    assert "M. Exemple" in Page.objects.get(slug="mentions-legales").body
    assert all(Page.objects.values_list("needs_review", flat=True))


@pytest.mark.django_db
def test_staff_html_is_sanitized_on_save(site_content):
    page = Page.objects.get(slug="accessibilite")
    page.body = '<p onclick="x()">Texte</p><script>alert(1)</script>'
    page.save()
    page.refresh_from_db()
    assert "script" not in page.body and "onclick" not in page.body
    assert "Texte" in page.body


@pytest.mark.django_db
def test_missing_page_record_gives_404_not_500(client, site_content):
    Page.objects.filter(slug="donnees-personnelles").delete()
    assert client.get(reverse("pages:privacy")).status_code == 404


@pytest.mark.django_db
def test_admin_lists_pages_and_warns_while_text_is_to_be_checked(staff_client, site_content):
    changelist = staff_client.get(reverse("admin:pages_page_changelist") + "?q=acc")
    assert changelist.status_code == 200
    page = Page.objects.get(slug="mentions-legales")
    change = staff_client.get(reverse("admin:pages_page_change", args=[page.pk]))
    assert change.status_code == 200
    assert "à vérifier par le secrétariat" in change.content.decode()
    add = staff_client.get(reverse("admin:pages_page_add"))
    assert add.status_code == 403


@pytest.mark.django_db
def test_admin_edit_of_a_page_shows_on_the_site(
    staff_client, client, site_content, without_approval
):
    page = Page.objects.get(slug="mentions-legales")
    response = staff_client.post(
        reverse("admin:pages_page_change", args=[page.pk]),
        {
            "title": "Mentions légales",
            "summary": "",
            "body": "<p>Directrice de la publication : Mme Exemple.</p>",
            "directions": "",
            "map_image": "",
            "map_description": "",
            "needs_review": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get(reverse("pages:legal_notice")).content.decode()
    assert "Directrice de la publication : Mme Exemple." in html
