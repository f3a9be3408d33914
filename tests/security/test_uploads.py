"""Forged uploads are refused, in French, before anything is stored: the public form's photo
and the documents of the admin. (Each check and its French reason is tested with the
documents and the image pipeline; these refusals must hold through the real forms.)"""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alumni.models import Portrait, Submission
from core.models import Image
from documents.models import Document
from tests.documents.test_admin import ADD_URL, form_data
from tests.forged_files import FORGED_DOCUMENTS, FORGED_IMAGES
from tests.html import typed_values
from tests.security.conftest import alumni_data

pytestmark = pytest.mark.django_db


def stored_files(*roots):
    return sorted(str(path) for root in roots for path in root.rglob("*") if path.is_file())


@pytest.mark.parametrize("forged", FORGED_IMAGES, ids=str)
def test_forged_photo_is_refused_by_the_public_form_with_nothing_stored(
    client, site_content, sector, settings, forged
):
    name, make = FORGED_IMAGES[forged]
    content = make()
    data = alumni_data(sector, consents_to_photo="on")
    response = client.post(
        reverse("alumni:update"), {**data, "photo": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Photo (facultative)" in page and "form-errors" in page
    kept = typed_values(response)
    assert kept["first_name"] == data["first_name"] and kept["testimonial"] == data["testimonial"]
    assert Submission.objects.count() == 0 and Portrait.objects.count() == 0
    assert Image.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT) == []


@pytest.mark.parametrize("forged", FORGED_DOCUMENTS, ids=str)
def test_forged_document_is_refused_by_the_admin_with_nothing_stored(
    staff_client,
    category,
    settings,
    forged,
):
    name, make = FORGED_DOCUMENTS[forged]
    content = make()
    response = staff_client.post(
        ADD_URL, form_data(category, file=SimpleUploadedFile(name, content))
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert Document.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT) == []
