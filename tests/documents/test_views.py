"""The public side: the list, the stable link, who sees what, and query counts."""

import datetime
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.preview import preview_link_create, preview_url
from core.publication import PublicationStatus
from core.registry import content_kinds, demo_generators
from documents.demo import generate_documents
from documents.hooks import document_categories_links
from documents.models import Category, Document
from documents.pdf_builder import build_pdf
from operations.demo import demo_content_generate, demo_objects
from tests.documents.conftest import valid_bytes

pytestmark = pytest.mark.django_db


def fetch(client, url, **headers):
    """GET a download link and read the streamed body (which closes the stored file)."""
    response = client.get(url, headers=headers)
    if response.streaming:
        response.body = b"".join(response.streaming_content)
    return response


def download(client, document, **headers):
    return fetch(client, reverse("documents:download", args=[document.slug]), **headers)


def body(response):
    return response.body


def test_pdf_is_served_inline_with_safe_headers(client, make_document):
    document = make_document("Dossier de candidature 2026")
    response = download(client, document)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert 'filename="Dossier de candidature 2026.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert response["ETag"]
    assert response["Last-Modified"]
    assert body(response) == valid_bytes("pdf", "Dossier de candidature 2026")
    assert response["Content-Length"] == str(len(response.body))


def test_office_file_is_served_as_attachment_with_a_readable_accented_name(client, make_document):
    document = make_document("Convention de stage — modèle", extension="docx")
    response = download(client, document)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Convention%20de%20stage%20%E2%80%94%20mod%C3%A8le.docx" in disposition


SANDBOX = "sandbox; default-src 'none'"
ALL_TYPES = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "odp"]


@pytest.mark.parametrize("extension", ALL_TYPES)
def test_every_served_file_is_sandboxed_and_only_a_pdf_opens_inline(
    client, make_document, extension
):
    document = make_document("Règlement", extension=extension)
    response = download(client, document)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;" if extension == "pdf" else "attachment;")


@pytest.mark.parametrize("extension", ALL_TYPES)
def test_the_accessible_version_is_sandboxed_the_same_way(client, make_document, extension):
    document = make_document("Règlement")
    document.accessible_alternative = ContentFile(
        valid_bytes(extension), name=f"version.{extension}"
    )
    document.save()
    response = fetch(client, document.get_alternative_url())
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;" if extension == "pdf" else "attachment;")


def test_staff_preview_and_not_modified_answers_carry_the_sandbox_too(
    client, staff_client, make_document
):
    draft = make_document("Brouillon", status=PublicationStatus.DRAFT, published_at=None)
    assert download(staff_client, draft)["Content-Security-Policy"] == SANDBOX
    published = make_document("Publié")
    first = download(client, published)
    again = download(client, published, if_none_match=first["ETag"])
    assert again.status_code == 304
    assert again["Content-Security-Policy"] == SANDBOX


def test_a_hostile_title_gives_one_safe_download_name(client, make_document):
    document = make_document('Règlement"; filename="evil.html\r\nX-Injected: 1')
    response = download(client, document)
    disposition, *parameters = [part.strip() for part in response["Content-Disposition"].split(";")]
    assert disposition == "inline"
    assert len(parameters) == 1  # one file name, no parameter smuggled in by the title
    name, _equals, value = parameters[0].partition("=")
    saved_as = unquote(value.removeprefix("utf-8''")) if name == "filename*" else value.strip('"')
    assert saved_as.endswith(".pdf")
    assert not {"\r", "\n", '"', "/", "\\"} & set(saved_as)
    assert "X-Injected" not in response.headers


def test_unchanged_file_answers_304_to_a_conditional_request(client, make_document):
    document = make_document()
    first = download(client, document)
    again = download(client, document, if_none_match=first["ETag"])
    assert again.status_code == 304
    since = download(client, document, if_modified_since=first["Last-Modified"])
    assert since.status_code == 304


def test_the_same_link_serves_the_new_file_after_replacement(client, make_document):
    document = make_document("Calendrier")
    url = reverse("documents:download", args=[document.slug])
    first = fetch(client, url)
    new_pdf = build_pdf("Version 2", title="Calendrier v2", language="fr", tagged=True)
    document.file = ContentFile(new_pdf, name="calendrier-v2.pdf")
    document.save()
    second = fetch(client, url, if_none_match=first["ETag"])
    assert second.status_code == 200
    assert body(second) == new_pdf
    assert second["ETag"] != first["ETag"]


def test_draft_is_hidden_from_visitors_and_previewed_by_staff(client, staff_client, make_document):
    draft = make_document("Brouillon", status=PublicationStatus.DRAFT, published_at=None)
    assert download(client, draft).status_code == 404
    assert "Brouillon" not in client.get(reverse("documents:list")).content.decode()
    preview = download(staff_client, draft)
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"] and "private" in preview["Cache-Control"]


def test_a_preview_link_downloads_its_draft_document_and_no_other(client, make_document):
    draft = make_document("Règlement", status=PublicationStatus.DRAFT, published_at=None)
    other = make_document("Autre brouillon", status=PublicationStatus.DRAFT, published_at=None)
    url = preview_url(preview_link_create(draft))
    response = fetch(client, url)
    assert response.status_code == 200
    with draft.file.open("rb") as stored:
        assert body(response) == stored.read()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    _path, _mark, token = url.partition("?")
    other_url = f"{reverse('documents:download', args=[other.slug])}?{token}"
    assert fetch(client, other_url).status_code == 404
    assert download(client, draft).status_code == 404


def test_scheduled_document_is_hidden_until_its_date(client, make_document):
    later = make_document("Programmé", published_at=timezone.now() + datetime.timedelta(days=1))
    assert download(client, later).status_code == 404


def test_expired_document_leaves_the_list_and_its_link_answers_404(client, make_document):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    expired = make_document("Calendrier 2024-2025", valid_until=yesterday)
    current = make_document("Calendrier 2026-2027", valid_until=timezone.localdate())
    assert download(client, expired).status_code == 404
    assert download(client, current).status_code == 200
    page = client.get(reverse("documents:list")).content.decode()
    assert "Calendrier 2024-2025" not in page
    assert "Calendrier 2026-2027" in page


def test_missing_file_in_storage_is_a_404_not_a_500(client, make_document):
    document = make_document()
    document.file.storage.delete(document.file.name)
    assert download(client, document).status_code == 404


def test_unknown_slug_is_a_404(client):
    assert client.get("/documents/n-existe-pas/").status_code == 404


def test_post_to_the_download_link_is_refused(client, make_document):
    url = reverse("documents:download", args=[make_document().slug])
    assert client.post(url).status_code == 405


def test_accessible_alternative_is_served_and_linked_beside_the_download(client, make_document):
    document = make_document(
        "Guide du mémoire", accessible_summary="<p>À rendre le <strong>1er juin</strong>.</p>"
    )
    document.accessible_alternative = ContentFile(valid_bytes("odt"), name="guide.odt")
    document.save()
    response = fetch(client, reverse("documents:alternative", args=[document.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    disposition = response["Content-Disposition"]
    assert "Guide%20du%20m%C3%A9moire%20%28version%20accessible%29.odt" in disposition
    page = client.get(reverse("documents:list")).content.decode()
    assert reverse("documents:alternative", args=[document.slug]) in page
    assert "À rendre le <strong>1er juin</strong>." in page


def test_document_without_alternative_has_no_alternative_link(client, make_document):
    document = make_document()
    assert client.get(reverse("documents:alternative", args=[document.slug])).status_code == 404


def test_list_groups_by_category_in_category_order_with_type_size_and_language(
    client, make_document, category
):
    stage = Category.objects.get(slug="stage")  # seeded by the data migration
    stage.order = 1
    stage.save()
    make_document("Convention de stage", category=stage)
    make_document("Dossier de candidature")
    old = make_document("Règlement des études", extension="docx", language="en")
    old.file_updated_at = timezone.now() - datetime.timedelta(days=90)
    old.save()
    response = client.get(reverse("documents:list"))
    page = response.content.decode()
    assert page.index('id="stage"') < page.index('id="candidature"')
    assert "PDF, " in page and ", français" in page
    assert "Word, " in page and ", anglais" in page
    assert 'hreflang="en"' in page
    assert page.count(">nouveau<") == 2
    assert '<meta name="description" content="Documents utiles du master IPPS' in page
    assert 'aria-label="Fil d\'Ariane"' in page
    assert page.count("<h1") == 1


def test_empty_list_says_so(client):
    assert "Aucun document n'est publié" in client.get(reverse("documents:list")).content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_runs_the_same_number_of_queries_with_10_and_1000_documents(client, site_content):
    generate_documents(10)
    client.get(reverse("home"))  # the site identity is now cached, as in production
    small = count_queries(client, reverse("documents:list"))
    generate_documents(990)
    large = count_queries(client, reverse("documents:list"))
    assert small == large


def test_a_long_list_is_split_into_pages_of_fifty_documents(client, site_content):
    generate_documents(120)
    url = reverse("documents:list")
    first = client.get(url).content.decode()
    assert first.count('class="document-item"') == 50
    assert "Page 1 sur 3" in first
    last = client.get(url, {"page": 3}).content.decode()
    assert last.count('class="document-item"') == 20
    assert client.get(url, {"page": 4}).status_code == 404
    assert client.get(url, {"page": "dernière"}).status_code == 404


def test_home_shows_featured_documents_in_a_fixed_number_of_queries(
    client, site_content, make_document
):
    make_document("Dossier de candidature", is_featured=True)
    make_document("Pas mis en avant")
    client.get(reverse("home"))  # the site identity is now cached, as in production
    page = client.get(reverse("home")).content.decode()
    assert "Documents clés" in page
    assert "Dossier de candidature" in page
    assert "Pas mis en avant" not in page
    small = count_queries(client, reverse("home"))
    for number in range(20):
        make_document(f"Clé {number}", is_featured=True)
    assert count_queries(client, reverse("home")) == small


def test_site_map_links_point_to_category_anchors_with_public_documents(make_document):
    make_document()
    # The seeded categories Scolarité, Stage and Mémoire have no document yet.
    assert Category.objects.count() == 4
    assert document_categories_links() == [("Candidature", "/documents/#candidature")]


def test_documents_are_registered_for_search_sitemaps_and_demo_data(make_document):
    kind = next(kind for kind in content_kinds() if kind.key == "documents")
    public = make_document("Public")
    make_document("Brouillon", status=PublicationStatus.DRAFT, published_at=None)
    assert list(kind.public_queryset()) == [public]
    assert "documents" in demo_generators()
    assert demo_content_generate("documents", 3) == 3
    demo = kind.public_queryset().filter(pk__in=demo_objects(Document))
    assert demo.filter(slug__startswith="demo-").count() == 3
