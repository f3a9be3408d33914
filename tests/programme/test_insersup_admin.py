"""The secretariat imports InserSup files from the admin, with the command's messages."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programme.models import OfficialInsertionFigure
from tests.html import element_by_id, parse_html, text_of, texts

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "insersup_sample.csv"
IMPORT_URL = reverse("admin:programme_officialinsertionfigure_import")
CHANGELIST_URL = reverse("admin:programme_officialinsertionfigure_changelist")


def upload(content, name="fr-esr-insersup.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def post_file(client, content, **fields):
    data = {
        "csv_file": upload(content),
        "file_date": "2025-03-12",
        "uai": "0542493S",
        "degree": "master",
        "discipline": "sociologie",
        **fields,
    }
    return client.post(IMPORT_URL, data, follow=True)


def form_errors(response):
    return texts(response.content, "ul", css_class="errorlist")


def test_the_changelist_offers_the_import_to_the_secretariat(staff_client):
    response = staff_client.get(CHANGELIST_URL, {"q": "sociologie"})

    assert response.status_code == 200
    assert "Importer un fichier InserSup" in texts(response.content, "a")


def test_the_import_page_is_prefilled_from_the_settings(staff_client, settings):
    settings.INSERSUP_DISCIPLINE = "Sociologie"

    response = staff_client.get(IMPORT_URL)

    assert response.status_code == 200
    tree = parse_html(response)
    assert text_of(tree.find(".//title")).startswith("Importer un fichier InserSup")
    assert element_by_id(tree, "id_uai").get("value") == "0542493S"
    assert element_by_id(tree, "id_degree").get("value") == "master"
    assert element_by_id(tree, "id_discipline").get("value") == "Sociologie"


def test_the_secretariat_imports_a_file_and_reads_what_was_imported(staff_client):
    response = post_file(staff_client, SAMPLE.read_bytes())

    assert response.redirect_chain == [(CHANGELIST_URL, 302)]
    assert OfficialInsertionFigure.objects.count() == 2
    figure = OfficialInsertionFigure.objects.get(cohort="2021")
    assert figure.file_date == date(2025, 3, 12)
    assert figure.file_name == "fr-esr-insersup.csv"
    [message] = texts(response.content, "li", css_class="success")
    assert "nouvelles lignes : 2 ; mises à jour : 0" in message

    again = post_file(staff_client, SAMPLE.read_bytes())

    [message] = texts(again.content, "li", css_class="success")
    assert "nouvelles lignes : 0 ; mises à jour : 2" in message
    assert OfficialInsertionFigure.objects.count() == 2
    # The figures are the ministry's: staff read them, they do not retype them.
    change = staff_client.get(
        reverse("admin:programme_officialinsertionfigure_change", args=[figure.pk])
    )
    assert change.status_code == 200
    assert element_by_id(parse_html(change), "id_graduates") is None


def test_a_file_with_missing_columns_shows_the_commands_message(staff_client):
    content = "Promotion;Taux d'insertion à 12 mois\n2021;78\n".encode()

    response = post_file(staff_client, content)

    assert response.status_code == 200
    [error] = form_errors(response)
    assert error.startswith("Colonnes obligatoires absentes du fichier :")
    assert not OfficialInsertionFigure.objects.exists()


def test_a_spreadsheet_is_refused_on_the_file_field(staff_client):
    response = post_file(staff_client, b"PK\x03\x04" + b"\x00" * 64)

    [error] = form_errors(response)
    assert "pas un fichier CSV" in error
    assert not OfficialInsertionFigure.objects.exists()


def test_nothing_matching_lists_the_disciplines_of_the_file(staff_client):
    response = post_file(staff_client, SAMPLE.read_bytes(), discipline="Géographie")

    [error] = form_errors(response)
    assert "Disciplines présentes pour cet établissement et ce diplôme" in error


def test_a_file_over_the_size_limit_is_refused(staff_client, settings):
    settings.INSERSUP_MAX_UPLOAD_BYTES = 100

    response = post_file(staff_client, SAMPLE.read_bytes())

    [error] = form_errors(response)
    assert error.startswith("Le fichier dépasse 100")
    assert not OfficialInsertionFigure.objects.exists()


def test_the_import_is_for_staff_with_the_permission_only(client, django_user_model):
    assert client.get(IMPORT_URL).status_code == 302  # to the login page
    user = django_user_model.objects.create_user("stagiaire", password="x", is_staff=True)
    client.force_login(user)

    assert client.get(IMPORT_URL).status_code == 403
    assert post_file(client, SAMPLE.read_bytes()).status_code == 403
    assert not OfficialInsertionFigure.objects.exists()
