"""Every image field goes through the one image pipeline: content checked whatever the name
says, re-encoded, metadata stripped, size capped. The site logo is the case the security
review found: uploaded through the admin, then chosen in the site identity."""

import mimetypes

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.urls import reverse
from PIL import Image as PillowImage

from core.images import ImageUploadField, validate_image_upload
from core.models import Image, ProcessedImage, SiteIdentity
from tests import forged_files
from tests.html import parse_html
from tests.programme.conftest import media_files, upload

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:core_image_add")
OUR_APPS = {"core", "backoffice", "pages", "programme", "news", "alumni", "documents", "operations"}


def upload_in_admin(client, name, content, **fields):
    data = {"file": upload(name, content), "alt_text": "Université de Lorraine", **fields}
    return client.post(ADD_URL, data)


def stored_bytes(image):
    with image.file.open("rb") as stored:
        return stored.read()


@pytest.mark.parametrize(
    ("name", "content", "real_format", "extension"),
    [
        ("logo.jpg", forged_files.image_with_metadata("PNG"), "PNG", "png"),
        ("logo.png", forged_files.image_with_metadata("WEBP"), "WEBP", "webp"),
        ("logo.webp", forged_files.image_with_metadata("JPEG"), "JPEG", "jpg"),
    ],
)
def test_a_logo_uploaded_in_the_admin_is_stored_under_its_real_format_without_metadata(
    superuser_client,
    site_content,
    django_capture_on_commit_callbacks,
    name,
    content,
    real_format,
    extension,
):
    response = upload_in_admin(superuser_client, name, content)
    assert response.status_code == 302
    logo = Image.objects.get()
    assert logo.file.name.endswith(f".{extension}")
    raw = stored_bytes(logo)
    assert b"48,6N" not in raw and b"GPS" not in raw and b"xmpmeta" not in raw
    assert b"Appareil photo" not in raw
    with PillowImage.open(logo.file.path) as stored:
        assert stored.format == real_format
        assert dict(stored.getexif()) == {}
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "Comment", "icc_profile"} & set(stored.info)

    identity = SiteIdentity.load()
    identity.university_logo = logo
    with django_capture_on_commit_callbacks(execute=True):  # the cached identity is dropped
        identity.save()
    page = parse_html(superuser_client.get(reverse("home")))
    shown = page.find(".//header//a[@class='site-header__brand']//img")
    assert shown.get("src") == logo.file.url
    # The name a web server derives the Content-Type from matches the bytes it serves.
    assert mimetypes.guess_type(logo.file.url)[0] == PillowImage.MIME[real_format]


NOT_AN_IMAGE = "n'est pas une image lisible"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("logo.png", forged_files.svg_with_script(), NOT_AN_IMAGE),
        ("logo.jpg", forged_files.html_behind_jpeg_header(), NOT_AN_IMAGE),
        ("logo.jpg", forged_files.executable(), NOT_AN_IMAGE),
        ("logo.png", forged_files.html_page(), NOT_AN_IMAGE),
        ("logo.png", forged_files.valid_bytes("pdf"), NOT_AN_IMAGE),
        ("logo.gif", forged_files.image_bytes(image_format="GIF"), "utilisez JPEG, PNG ou WebP"),
        ("logo.png", forged_files.pixel_bomb_png(), "anormalement grande une fois décompressée"),
        ("logo.png", b"", "vide"),
    ],
)
def test_what_is_not_a_reasonable_image_is_refused_with_its_reason_and_nothing_is_stored(
    superuser_client, settings, name, content, reason
):
    response = upload_in_admin(superuser_client, name, content)
    assert response.status_code == 200
    errors = " ".join(parse_html(response).find(".//ul[@class='errorlist']").itertext())
    assert reason in errors
    assert Image.objects.count() == 0
    assert media_files(settings) == []


def test_the_admin_file_input_offers_only_the_accepted_formats(superuser_client):
    page = parse_html(superuser_client.get(ADD_URL))
    accept = page.find(".//input[@id='id_file']").get("accept")
    assert accept == "image/jpeg,image/png,image/webp"


def test_a_very_large_photo_is_stored_scaled_down_to_the_size_cap(settings):
    settings.IMAGE_MAX_STORED_SIDE = 800
    image = Image(
        file=upload("photo.jpg", forged_files.image_bytes(size=(2000, 1000))), alt_text="Photo"
    )
    image.full_clean()
    image.save()
    assert (image.width, image.height) == (800, 400)
    with PillowImage.open(image.file.path) as stored:
        assert stored.size == (800, 400)
    assert [rendition["width"] for rendition in image.renditions] == [480]


def test_an_image_within_the_cap_keeps_its_size():
    image = Image(
        file=upload("photo.jpg", forged_files.image_bytes(size=(1200, 400))), alt_text="Photo"
    )
    image.save()
    assert (image.width, image.height) == (1200, 400)


def _our_image_fields():
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ImageField):
                yield model, field


def test_every_image_field_of_the_site_goes_through_the_pipeline():
    fields = list(_our_image_fields())
    assert (Image, Image._meta.get_field("file")) in fields
    for model, field in fields:
        label = f"{model._meta.label}.{field.name}"
        # Checked by content on upload (Pillow, format, pixels, size)…
        assert validate_image_upload in field.validators, label
        # …and re-encoded on every save, whatever the path (admin, form, import):
        # by the one pipeline, `ProcessedImage.prepare_files()`, whatever the storage.
        assert issubclass(model, ProcessedImage), label
        assert model.prepare_files is ProcessedImage.prepare_files, label
        # …and its admin form gives the pipeline's reasons for a refusal.
        model_admin = admin.site._registry.get(model)
        if model_admin is not None:
            form_field = model_admin.get_form(None).base_fields[field.name]
            assert isinstance(form_field, ImageUploadField), label
