"""The secretariat's side: uploads checked before storing, replacement explained."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.publication import PublicationStatus
from documents.models import Document
from documents.pdf_builder import build_pdf
from tests import forged_files
from tests.documents.conftest import media_files, upload, valid_bytes

pytestmark = pytest.mark.django_db(transaction=True)

ADD_URL = reverse("admin:documents_document_add")


def form_data(category, **overrides):
    data = {
        "title": "Dossier de candidature",
        "slug": "dossier-de-candidature",
        "description": "À remplir avant le 15 mai.",
        "category": category.pk,
        "order": 0,
        "language": "fr",
        "accessible_summary": "",
        "status": PublicationStatus.PUBLISHED,
        "published_at_0": "",
        "published_at_1": "",
        "valid_until": "",
    }
    data.update(overrides)
    return data


def change_url(document):
    return reverse("admin:documents_document_change", args=[document.pk])


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("dossier.pdf", b"<html><body>pas un pdf</body></html>", "page web"),
        ("dossier.docx", b"MZ\x90\x00" + b"\x00" * 100, "programme exécutable"),
        ("dossier.pdf", b"", "vide"),
        ("dossier.xlsx", valid_bytes("docx"), "ne correspond pas à un document Excel"),
        ("dossier.exe", b"MZ", "Type de fichier non accepté"),
    ],
)
def test_refused_upload_shows_the_reason_and_leaves_no_file_and_no_record(
    staff_client, category, settings, name, content, reason
):
    response = staff_client.post(ADD_URL, form_data(category, file=upload(name, content)))
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert Document.objects.count() == 0
    assert media_files(settings) == []


def test_oversize_upload_is_refused_in_the_admin(staff_client, category, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 100
    response = staff_client.post(ADD_URL, form_data(category, file=upload("a.pdf", build_pdf())))
    assert "la limite est 100 octets" in response.content.decode()
    assert Document.objects.count() == 0
    assert media_files(settings) == []


def test_untagged_pdf_is_accepted_with_an_accessibility_warning(staff_client, category):
    response = staff_client.post(
        ADD_URL, form_data(category, file=upload("dossier.pdf", build_pdf("x"))), follow=True
    )
    page = response.content.decode()
    assert Document.objects.count() == 1
    assert "Accessibilité du PDF à améliorer" in page
    assert "PDF balisé" in page
    change = staff_client.get(change_url(Document.objects.get())).content.decode()
    assert "ce PDF n&#x27;est pas entièrement accessible" in change


def test_a_pdf_pypdf_cannot_read_is_refused_with_the_reason_and_no_error(
    staff_client, category, settings
):
    broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer << /Root 9 0 R >>\n%%EOF"
    response = staff_client.post(ADD_URL, form_data(category, file=upload("casse.pdf", broken)))
    assert response.status_code == 200
    assert "n&#x27;est pas un PDF lisible" in response.content.decode()
    assert Document.objects.count() == 0
    assert media_files(settings) == []


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("v2.pdf", forged_files.html_behind_pdf_header(), "page web (HTML) précédée"),
        ("v2.pdf", forged_files.password_protected_pdf(), "mot de passe d&#x27;ouverture"),
        ("v2.docx", forged_files.zip_bomb("docx"), "bombe de décompression"),
        ("v2.odt", forged_files.corrupted_zip("odt"), "est endommagé"),
    ],
)
def test_a_forged_replacement_is_refused_and_the_current_file_keeps_being_served(
    staff_client, category, settings, client, name, content, reason
):
    first = valid_bytes("pdf")
    staff_client.post(ADD_URL, form_data(category, file=upload("v1.pdf", first)))
    document = Document.objects.get()
    data = form_data(category, file=upload(name, content))
    data.pop("slug")
    response = staff_client.post(change_url(document), data)
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert Document.objects.get().file.name == document.file.name
    assert media_files(settings) == [document.file.name]
    served = client.get(document.get_absolute_url())
    assert b"".join(served.streaming_content) == first


def test_replacing_the_file_says_old_and_new_and_keeps_the_link(
    staff_client, category, settings, client
):
    staff_client.post(ADD_URL, form_data(category, file=upload("v1.pdf", valid_bytes("pdf"))))
    document = Document.objects.get()
    old_name = document.file.name
    page = staff_client.get(change_url(document)).content.decode()
    assert "v1.pdf (PDF" in page  # the current file, before replacing it
    assert "/documents/dossier-de-candidature/" in page
    new_pdf = build_pdf("v2", title="Dossier v2", language="fr", tagged=True)
    data = form_data(category, file=upload("v2.pdf", new_pdf))
    data.pop("slug")
    response = staff_client.post(change_url(document), data, follow=True)
    message = response.content.decode()
    assert "Fichier remplacé : v1.pdf" in message
    assert "→ v2.pdf" in message
    document.refresh_from_db()
    assert document.slug == "dossier-de-candidature"
    assert media_files(settings) == [document.file.name]
    assert document.file.name != old_name
    served = client.get("/documents/dossier-de-candidature/")
    assert b"".join(served.streaming_content) == new_pdf


def test_accessible_alternative_is_checked_and_removed_when_cleared(
    staff_client, category, settings
):
    pdf = upload("v1.pdf", valid_bytes("pdf"))
    refused = staff_client.post(
        ADD_URL, form_data(category, file=pdf, accessible_alternative=upload("a.odt", b"<html>"))
    )
    assert "page web" in refused.content.decode()
    assert media_files(settings) == []
    pdf.seek(0)
    alternative = upload("version accessible.odt", valid_bytes("odt"))
    staff_client.post(ADD_URL, form_data(category, file=pdf, accessible_alternative=alternative))
    document = Document.objects.get()
    assert (document.alternative_type, document.alternative_size) == ("odt", alternative.size)
    assert len(media_files(settings)) == 2
    data = form_data(category, **{"accessible_alternative-clear": "on"})
    data.pop("slug")
    staff_client.post(change_url(document), data)
    document.refresh_from_db()
    assert (document.accessible_alternative.name, document.alternative_type) == ("", "")
    assert media_files(settings) == [document.file.name]


def test_a_refused_replacement_keeps_the_current_file_and_record(staff_client, category, settings):
    staff_client.post(ADD_URL, form_data(category, file=upload("v1.pdf", valid_bytes("pdf"))))
    document = Document.objects.get()
    data = form_data(category, file=upload("v2.pdf", b"MZ\x90\x00"), title="Titre changé")
    data.pop("slug")
    response = staff_client.post(change_url(document), data)
    assert "programme exécutable" in response.content.decode()
    document.refresh_from_db()
    assert document.title == "Dossier de candidature"
    assert media_files(settings) == [document.file.name]


def test_slug_cannot_change_after_creation(staff_client, category):
    staff_client.post(ADD_URL, form_data(category, file=upload("v1.pdf", valid_bytes("pdf"))))
    document = Document.objects.get()
    data = form_data(category, slug="autre-adresse", title="Nouveau titre")
    staff_client.post(change_url(document), data)
    document.refresh_from_db()
    assert (document.title, document.slug) == ("Nouveau titre", "dossier-de-candidature")


def test_deleting_in_the_admin_takes_the_files_out_of_service(
    staff_client, category, settings, django_capture_on_commit_callbacks
):
    staff_client.post(ADD_URL, form_data(category, file=upload("v1.pdf", valid_bytes("pdf"))))
    document = Document.objects.get()
    url = reverse("admin:documents_document_delete", args=[document.pk])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"post": "yes"})
    assert Document.objects.count() == 0
    assert media_files(settings) == []


def test_changelist_with_search_and_filters_renders(staff_client, make_document):
    make_document("Calendrier universitaire")
    make_document("Convention de stage", extension="docx")
    url = reverse("admin:documents_document_changelist")
    page = staff_client.get(url, {"q": "calendrier"}).content.decode()
    assert "Calendrier universitaire" in page
    assert "Convention de stage" not in page
    for filters in ({"validite": "expire"}, {"etat": "brouillon"}, {"file_type__exact": "docx"}):
        assert staff_client.get(url, filters).status_code == 200
    valid = staff_client.get(url, {"validite": "valable"}).content.decode()
    assert "Convention de stage" in valid


def test_add_page_and_category_admin_render(staff_client):
    page = staff_client.get(ADD_URL).content.decode()
    assert 'accept=".pdf,.docx,.odt,.xlsx,.ods,.pptx,.odp"' in page
    assert staff_client.get(reverse("admin:documents_category_changelist")).status_code == 200


def test_a_draft_documents_link_is_fixed_from_creation(make_document):
    document = make_document(status=PublicationStatus.DRAFT, published_at=None)
    document.slug = "autre-adresse"
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "ne peut plus changer" in str(error.value.message_dict["slug"])
