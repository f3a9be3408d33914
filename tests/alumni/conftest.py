"""Builders for the alumni tests: sectors, alumni, real image uploads, signed form starts."""

import io
import itertools
import time

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from alumni.models import Alumnus, AlumnusStatus, Portrait, Sector
from alumni.sectors import DEFAULT_SECTORS
from core.antispam import SALT
from tests.browser.conftest import assert_accessible, axe  # noqa: F401 - shared axe fixtures

_counter = itertools.count(1)


def png_upload(name="portrait.png", size=(40, 40), color=(200, 30, 60)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def jpeg_upload(name="portrait.jpg", size=(1200, 800)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (20, 90, 160)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def started_long_ago():
    """A form start stamp signed a minute ago: passes the minimum fill time."""
    return signing.dumps(time.time() - 60, salt=SALT)


def stored_files(media_root):
    """Every file under the media folder (none if the folder was never created)."""
    return sorted(
        str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()
    )


@pytest.fixture
def sectors(db):
    """The default sectors (transactional tests flush the migration's rows)."""
    for position, name in DEFAULT_SECTORS:
        Sector.objects.get_or_create(name=name, defaults={"order": position})
    return {sector.name: sector for sector in Sector.objects.all()}


@pytest.fixture
def make_photo(db):
    """An alumnus's photo as the site stores it: private, with its resized copies."""

    def build(**kwargs):
        photo = Portrait(
            file=kwargs.pop("file", None) or jpeg_upload(), alt_text="Portrait", **kwargs
        )
        photo.save()
        return photo

    return build


@pytest.fixture
def make_alumnus(sectors):
    def build(**kwargs):
        number = next(_counter)
        values = {
            "first_name": f"Prénom{number}",
            "last_name": f"Nom{number}",
            "cohort": 2020,
            "position": f"Poste{number}",
            "employer": f"Employeur{number}",
            "sector": sectors["Association"],
            "city": "Metz",
            "email": f"ancien{number}@exemple.fr",
            "status": AlumnusStatus.PUBLISHED,
            "consents_to_name": True,
            "consents_to_career": True,
            "consents_to_photo": False,
            "consents_to_testimonial": False,
        }
        values.update(kwargs)
        alumnus = Alumnus(**values)
        alumnus.save()
        return alumnus

    return build
