"""Checking and preparing uploaded images (content toolkit).

Every image is opened with Pillow before anything is stored: it must be a real JPEG,
PNG or WebP within size and pixel limits (decompression bombs refused), whatever its
name says. What is stored is re-encoded: EXIF orientation applied, metadata (EXIF with
GPS, XMP, comments, colour profile) dropped, at most IMAGE_MAX_STORED_SIDE pixels on its
longest side, under the extension of its real format. Renditions at a few widths, in
WebP, are written through the storage API.
"""

import io
import warnings
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext as _
from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def validate_image_upload(uploaded_file):
    """Refuse anything that is not a reasonable JPEG, PNG or WebP image, in French."""
    if uploaded_file is None:
        return
    if getattr(uploaded_file, "_committed", False):
        return  # a file already stored (checked when it was uploaded), e.g. editing alt text
    _check_size(uploaded_file)
    with _open(uploaded_file) as image:
        pass
    del image


class ImageUploadField(forms.ImageField):
    """The form field of every image upload: the pipeline's checks with their French reasons
    (size, pixels, decompression bomb, format), where Django's own field would decode the
    file with Pillow first and answer one generic message for all of them."""

    def to_python(self, data):
        uploaded = forms.FileField.to_python(self, data)
        if uploaded is not None:
            validate_image_upload(uploaded)
        return uploaded

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ",".join(f"image/{kind.lower()}" for kind in ACCEPTED_FORMATS)
        return attrs


def _check_size(uploaded_file):
    max_bytes = settings.IMAGE_MAX_UPLOAD_BYTES
    if uploaded_file.size is not None and uploaded_file.size > max_bytes:
        raise ValidationError(
            _("Cette image pèse %(size)s ; la limite est %(limit)s. Réduisez-la avant l'envoi.")
            % {"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(max_bytes)},
            code="image_too_large",
        )
    if uploaded_file.size == 0:
        raise ValidationError(_("Le fichier envoyé est vide."), code="image_empty")


class _open:
    """Open an upload with Pillow, turning every failure into a French ValidationError."""

    def __init__(self, uploaded_file):
        self.uploaded_file = uploaded_file

    def __enter__(self):
        self.uploaded_file.seek(0)
        # Pillow closes the file it read when the image is closed (PNG does): give it a
        # copy, so that the upload stays readable for the next step (validation, then save).
        # The upload's size was checked first, so the copy is bounded.
        data = io.BytesIO(self.uploaded_file.read())
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", PillowImage.DecompressionBombWarning)
                image = PillowImage.open(data)
                width, height = image.size
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        _(
                            "Cette image mesure %(width)s × %(height)s pixels, c'est trop "
                            "grand (maximum %(limit)s millions de pixels)."
                        )
                        % {
                            "width": width,
                            "height": height,
                            "limit": settings.IMAGE_MAX_PIXELS // 1_000_000,
                        },
                        code="image_too_many_pixels",
                    )
                if image.format not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        _("Format d'image non accepté : utilisez JPEG, PNG ou WebP."),
                        code="image_bad_format",
                    )
                image.verify()
                data.seek(0)
                # verify() leaves the image unusable; reopen it for the caller.
                self.image = PillowImage.open(data)
                self.image.load()
        except ValidationError:
            raise
        except (PillowImage.DecompressionBombError, PillowImage.DecompressionBombWarning):
            raise ValidationError(
                _("Cette image est anormalement grande une fois décompressée ; elle est refusée."),
                code="image_bomb",
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(
                _(
                    "Ce fichier n'est pas une image lisible. Envoyez une photo ou une "
                    "illustration au format JPEG, PNG ou WebP."
                ),
                code="image_invalid",
            ) from None
        finally:
            self.uploaded_file.seek(0)
        return self.image

    def __exit__(self, *exc_info):
        image = getattr(self, "image", None)
        if image is not None:
            image.close()
        return False


def _safe_stem(name):
    stem = PurePosixPath(get_valid_filename(PurePosixPath(name or "image").name)).stem
    return (slugify(stem) or "image")[:60]


def normalize_upload(uploaded_file):
    """Return (ContentFile, width, height): the image upright and without metadata."""
    # Also checked here: code that saves an Image without validating it first.
    _check_size(uploaded_file)
    with _open(uploaded_file) as image:
        image_format = image.format
        upright = ImageOps.exif_transpose(image)
        if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        # The original is the widest candidate of `srcset`: a camera's 6000-pixel photo
        # would be sent whole to every large screen. Kept within a size no screen exceeds.
        max_side = settings.IMAGE_MAX_STORED_SIDE
        if max(upright.size) > max_side:
            upright.thumbnail((max_side, max_side), PillowImage.Resampling.LANCZOS)
        # Pillow carries some metadata over from `info` (XMP, comments) when saving:
        # keep only what drawing needs (PNG/WebP transparency), drop everything else.
        upright.info = {key: value for key, value in upright.info.items() if key == "transparency"}
        buffer = io.BytesIO()
        save_options = {"optimize": True}
        if image_format == "JPEG":
            save_options.update(quality=85, progressive=True)
        elif image_format == "WEBP":
            save_options = {"quality": 85}
        # Saving without `exif=` / `icc_profile=` is what drops the metadata.
        upright.save(buffer, format=image_format, **save_options)
        width, height = upright.size
    name = f"{_safe_stem(uploaded_file.name)}.{ACCEPTED_FORMATS[image_format]}"
    return ContentFile(buffer.getvalue(), name=name), width, height


def write_renditions(storage, original_name, widths=None):
    """Write WebP copies at the configured widths; return [{'width', 'name'}], smallest first."""
    widths = widths or settings.IMAGE_RENDITION_WIDTHS
    renditions = []
    with storage.open(original_name, "rb") as stored, PillowImage.open(stored) as image:
        image.load()
        source = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    stem = PurePosixPath(original_name).stem
    folder = PurePosixPath(original_name).parent / "renditions"
    for width in sorted(widths):
        if width >= source.width:
            break
        height = round(source.height * width / source.width)
        resized = source.resize((width, height), PillowImage.Resampling.LANCZOS)
        buffer = io.BytesIO()
        resized.save(buffer, format="WEBP", quality=80)
        name = storage.save(str(folder / f"{stem}-{width}w.webp"), ContentFile(buffer.getvalue()))
        renditions.append({"width": width, "height": height, "name": name})
    return renditions
