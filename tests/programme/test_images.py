"""Uploaded images: refused with a French message and no file left, or stored upright,
stripped of metadata, with renditions; old files removed after commit."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image as PillowImage

from core.images import validate_image_upload
from core.models import Image
from tests.programme.conftest import image_bytes, media_files, upload

pytestmark = pytest.mark.django_db


def save_image(content, name="photo.jpg", alt_text="Promotion 2024", **fields):
    image = Image(file=upload(name, content), alt_text=alt_text, **fields)
    image.full_clean()
    image.save()
    return image


def refused(content, name="photo.jpg"):
    image = Image(file=upload(name, content), alt_text="Une image")
    with pytest.raises(ValidationError) as excinfo:
        image.full_clean()
        image.save()
    return " ".join(excinfo.value.messages)


def test_a_text_file_renamed_jpg_is_refused_and_leaves_no_file(settings):
    message = refused(b"Ceci n'est pas une image, juste du texte.\n" * 20)
    assert "n'est pas une image lisible" in message
    assert media_files(settings) == []


def test_a_truncated_jpeg_is_refused(settings):
    message = refused(image_bytes(size=(400, 300))[:200])
    assert "n'est pas une image lisible" in message
    assert media_files(settings) == []


def test_an_image_over_the_byte_limit_is_refused(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 10_000
    message = refused(image_bytes(size=(300, 300), image_format="PNG", noisy=True), "lourde.png")
    assert "la limite est 9,8\xa0Kio" in message
    assert media_files(settings) == []


def test_an_oversized_image_saved_without_validation_is_refused_too(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 10_000
    content = image_bytes(size=(300, 300), image_format="PNG", noisy=True)
    with pytest.raises(ValidationError):
        Image(file=upload("lourde.png", content), alt_text="Lourde").save()
    assert media_files(settings) == []


@pytest.mark.parametrize("image_format, extension", [("PNG", "png"), ("WEBP", "webp")])
def test_png_and_webp_images_are_accepted_after_validation(settings, image_format, extension):
    image = save_image(image_bytes(size=(600, 300), image_format=image_format), f"a.{extension}")
    assert image.file.name.endswith(f".{extension}")
    assert [rendition["width"] for rendition in image.renditions] == [480]


def test_an_image_with_too_many_pixels_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 10_000
    message = refused(image_bytes(size=(200, 100)))
    assert "200 × 100 pixels" in message and "trop" in message
    assert media_files(settings) == []


def test_a_decompression_bomb_is_refused(settings, monkeypatch):
    # A small PNG file that claims a huge canvas: above Pillow's bomb threshold.
    content = image_bytes(size=(100, 100), image_format="PNG")
    monkeypatch.setattr(PillowImage, "MAX_IMAGE_PIXELS", 1000)
    settings.IMAGE_MAX_PIXELS = 10**9
    message = refused(content, name="bombe.png")
    assert "anormalement grande" in message
    assert media_files(settings) == []


def test_a_real_gif_is_refused_for_its_format(settings):
    buffer = io.BytesIO()
    PillowImage.new("P", (10, 10)).save(buffer, format="GIF")
    message = refused(buffer.getvalue(), name="anim.gif")
    assert "JPEG, PNG ou WebP" in message
    assert media_files(settings) == []


def test_an_empty_upload_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(SimpleUploadedFile("vide.jpg", b""))
    assert "vide" in excinfo.value.messages[0]


def test_alt_text_is_required_unless_the_image_is_declared_decorative(settings):
    image = Image(file=upload("photo.jpg", image_bytes()), alt_text="")
    with pytest.raises(ValidationError) as excinfo:
        image.full_clean()
    assert "décorative" in excinfo.value.message_dict["alt_text"][0]
    decorative = save_image(image_bytes(), alt_text="", is_decorative=True)
    assert decorative.alt == ""


def test_a_failed_database_write_leaves_no_file(settings):
    # Neither alt text nor « décorative »: the database constraint refuses the row.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Image(file=upload("photo.jpg", image_bytes(size=(1000, 500))), alt_text="").save()
    assert media_files(settings) == []


def test_exif_orientation_is_applied_and_metadata_stripped(settings):
    exif = PillowImage.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "Appareil photo"
    exif[0x8825] = {1: "N", 2: (48.0, 6.0, 0.0)}  # GPS position
    image = save_image(image_bytes(size=(80, 40), exif=exif))

    assert (image.width, image.height) == (40, 80)
    with PillowImage.open(image.file.path) as stored:
        assert stored.size == (40, 80)
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info and "xmp" not in stored.info


def test_renditions_are_written_in_webp_and_listed_in_srcset(settings):
    image = save_image(image_bytes(size=(1200, 600)))
    widths = [rendition["width"] for rendition in image.renditions]
    assert widths == [480, 960]  # no rendition wider than the original
    for rendition in image.renditions:
        with PillowImage.open(settings.MEDIA_ROOT / rendition["name"]) as stored:
            assert stored.format == "WEBP"
            assert stored.width == rendition["width"]
    srcset = image.srcset()
    assert "-480w.webp 480w" in srcset and "-960w.webp 960w" in srcset
    assert srcset.endswith(" 1200w")


def test_the_stored_name_is_safe(settings):
    image = save_image(image_bytes(), name="../../Photo de l'été <script>.jpg")
    assert ".." not in image.file.name
    assert image.file.name.rsplit("/", 1)[-1].startswith("photo_de_lete_script")


def test_replacing_an_image_removes_the_old_files_after_commit(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = save_image(image_bytes(size=(1000, 500)))
    old_files = media_files(settings)
    assert len(old_files) == 3  # original and two renditions

    image = Image.objects.get(pk=image.pk)
    image.file = upload("nouvelle.jpg", image_bytes(size=(600, 300), color="red"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image.save()
    assert set(old_files) <= set(media_files(settings))  # nothing removed before commit
    for callback in callbacks:
        callback()
    remaining = media_files(settings)
    assert not set(old_files) & set(remaining)
    assert len(remaining) == 2  # the new original and its 480 rendition


def test_deleting_an_image_removes_its_files_after_commit(
    settings, django_capture_on_commit_callbacks
):
    image = save_image(image_bytes(size=(1000, 500)))
    image = Image.objects.get(pk=image.pk)
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert media_files(settings) == []


def test_saving_other_fields_keeps_the_files(settings, django_capture_on_commit_callbacks):
    image = save_image(image_bytes(size=(1000, 500)))
    files = media_files(settings)
    image = Image.objects.get(pk=image.pk)
    image.alt_text = "Nouveau texte"
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    assert media_files(settings) == files


def test_responsive_image_tag_renders_srcset_sizes_dimensions_and_lazy_loading():
    image = save_image(image_bytes(size=(1000, 500)), alt_text='Soutenance "2024" <b>')
    html = Template(
        '{% load content %}{% responsive_image image sizes="(min-width: 60em) 40rem, 100vw" %}'
    ).render(Context({"image": image}))
    assert f'src="{image.file.url}"' in html
    assert 'srcset="' in html and "480w" in html
    assert 'sizes="(min-width: 60em) 40rem, 100vw"' in html
    assert 'width="1000" height="500"' in html
    assert 'loading="lazy"' in html
    assert 'alt="Soutenance &quot;2024&quot; &lt;b&gt;"' in html


def test_responsive_image_tag_eager_loading_class_and_nothing_for_no_image():
    image = save_image(image_bytes(), alt_text="", is_decorative=True)
    html = Template(
        '{% load content %}{% responsive_image image loading="eager" css_class="hero" %}'
        "|{% responsive_image missing %}|"
    ).render(Context({"image": image, "missing": None}))
    assert 'loading="eager"' in html and 'class="hero"' in html and 'alt=""' in html
    assert html.endswith("||")
