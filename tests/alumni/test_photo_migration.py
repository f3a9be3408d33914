"""Upgrading a site whose alumni photos were public images moves them to the private storage.

alumni/migrations/0007 to 0009: each photo becomes a private portrait (normalized again,
random name, resized copies), entries, requests and their history point to it, and the
public image goes, row and files, unless another page uses it. Going back puts them in the
public media again. The database is always left at the latest schema.
"""

import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.utils import timezone
from PIL import Image as PillowImage
from reversion.models import Version

from alumni.models import Alumnus, Portrait, Submission
from core.models import Image
from news.models import NewsItem
from tests.alumni.conftest import stored_files
from tests.migrations import migrate_back_to, migrate_to_latest

BEFORE = [("alumni", "0006_remove_alumnus_is_demo")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def before_private_photos():
    try:
        yield migrate_back_to(BEFORE)
    finally:
        migrate_to_latest()


def jpeg_with_gps(size=(1200, 900)):
    """A photo as a phone takes it: with EXIF, a GPS position among them."""
    exif = PillowImage.Exif()
    exif[0x010F] = "Téléphone"
    exif[0x8825] = {1: "N", 2: (49.0, 7.0, 12.0)}
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (10, 120, 60)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def public_image(apps, name, alt_text):
    """A core.Image of the time, its file in the public media."""
    stored = default_storage.save(f"images/2024/05/{name}", ContentFile(jpeg_with_gps()))
    rendition = default_storage.save(
        f"images/2024/05/renditions/{name}-480w.webp", ContentFile(b"webp")
    )
    return apps.get_model("core", "Image").objects.create(
        file=stored,
        alt_text=alt_text,
        width=1200,
        height=900,
        renditions=[{"width": 480, "height": 360, "name": rendition}],
    )


def fill(apps):
    get = apps.get_model
    alumnus_photo = public_image(apps, "camille-martin.jpg", "Portrait de Camille Martin")
    request_photo = public_image(apps, "leo-petit.jpg", "Portrait de Léo Petit")
    shared = public_image(apps, "remise-des-diplomes.jpg", "Remise des diplômes 2024")
    missing = get("core", "Image").objects.create(
        file="images/2024/05/disparue.jpg", alt_text="Fichier perdu"
    )
    alumnus = get("alumni", "Alumnus").objects.create(
        first_name="Camille",
        last_name="Martin",
        full_name="Camille Martin",
        cohort=2018,
        status="published",
        consents_to_name=True,
        consents_to_photo=True,
        photo=alumnus_photo,
    )
    get("alumni", "Alumnus").objects.create(
        first_name="Sam",
        last_name="Perdu",
        full_name="Sam Perdu",
        cohort=2016,
        status="published",
        consents_to_name=True,
        photo=missing,
    )
    get("alumni", "Alumnus").objects.create(
        first_name="Alex",
        last_name="Partage",
        full_name="Alex Partage",
        cohort=2017,
        status="published",
        consents_to_name=True,
        consents_to_photo=True,
        photo=shared,
    )
    get("alumni", "Submission").objects.create(
        first_name="Léo",
        last_name="Petit",
        email="leo@exemple.fr",
        cohort=2021,
        photo=request_photo,
    )
    category = get("news", "Category").objects.order_by("pk").first() or get(
        "news", "Category"
    ).objects.create(name="Vie du master", slug="vie-du-master")
    get("news", "NewsItem").objects.create(
        title="Remise des diplômes",
        slug="remise-des-diplomes",
        summary="Résumé.",
        body="<p>Texte.</p>",
        image=shared,
        category=category,
        status="draft",
    )
    # django-reversion's copy of the entry names its photo by row number.
    alumnus_type, _created = get("contenttypes", "ContentType").objects.get_or_create(
        app_label="alumni", model="alumnus"
    )
    revision = get("reversion", "Revision").objects.create(date_created=timezone.now())
    get("reversion", "Version").objects.create(
        revision=revision,
        object_id=str(alumnus.pk),
        content_type=alumnus_type,
        db="default",
        format="json",
        serialized_data=json.dumps(
            [{"model": "alumni.alumnus", "pk": alumnus.pk, "fields": {"photo": alumnus_photo.pk}}]
        ),
        object_repr="Camille Martin (2018)",
    )
    return {
        "public_names": {
            name
            for image in (alumnus_photo, request_photo)
            for name in [image.file.name] + [r["name"] for r in image.renditions]
        },
        "shared": shared.pk,
        "alumnus_photo": alumnus_photo.pk,
    }


def test_public_alumni_photos_move_to_the_private_storage_and_back(before_private_photos, settings):
    before = fill(before_private_photos)
    assert before["public_names"] <= set(stored_files(settings.MEDIA_ROOT))
    migrate_to_latest()

    camille = Alumnus.objects.get(full_name="Camille Martin")
    portrait = camille.photo
    assert portrait.alt_text == "Portrait de Camille Martin"
    assert "camille" not in portrait.file.name
    assert (portrait.width, portrait.height) == (1200, 900)
    assert [rendition["width"] for rendition in portrait.renditions] == [480, 960]
    private = storages["photos"]
    for name in portrait.stored_names():
        assert private.exists(name)
    with private.open(portrait.file.name) as stored, PillowImage.open(stored) as image:
        assert not image.getexif()  # the GPS position and the rest of the EXIF are gone
    assert Submission.objects.get(email="leo@exemple.fr").photo.alt_text == (
        "Portrait de Léo Petit"
    )
    # Nothing of the alumni's own photos is left in the public media, nor any row.
    assert not set(stored_files(settings.MEDIA_ROOT)) & before["public_names"]
    assert not Image.objects.filter(pk=before["alumnus_photo"]).exists()
    # A photo whose file was lost has nothing to move; one a news item shows stays public too.
    assert Alumnus.objects.get(full_name="Sam Perdu").photo is None
    assert NewsItem.objects.get(slug="remise-des-diplomes").image_id == before["shared"]
    assert Alumnus.objects.get(full_name="Alex Partage").photo.alt_text == (
        "Remise des diplômes 2024"
    )
    version = Version.objects.get(object_id=str(camille.pk))
    assert json.loads(version.serialized_data)[0]["fields"]["photo"] == portrait.pk
    assert Portrait.objects.count() == 3

    # Back to the previous schema: the photos are public images again.
    apps = migrate_back_to(BEFORE)
    old_alumnus = apps.get_model("alumni", "Alumnus").objects.get(full_name="Camille Martin")
    image = old_alumnus.photo
    assert image.alt_text == "Portrait de Camille Martin"
    assert default_storage.exists(image.file.name)
    assert not any(storages["photos"].exists(name) for name in portrait.stored_names())
