import hashlib
import io
import re
import tarfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.redirects.models import Redirect
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from PIL import Image as PillowImage

from operations.backup import EXCLUDED_MODELS, media_names
from programme.models import Image, Programme, SiteIdentity


def populate_site():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1200, 800), "navy").save(buffer, format="JPEG")
    Image.objects.create(
        file=SimpleUploadedFile("soutenance.jpg", buffer.getvalue()),
        alt_text="Soutenance des mémoires 2025",
        credit="UFR SHA",
    )
    identity = SiteIdentity.load()
    identity.ufr_phone = "03 87 00 11 22"
    identity.save()
    programme = Programme.load()
    programme.pitch = "Présentation modifiée par le secrétariat."
    programme.save()
    get_user_model().objects.create_user(
        "secretariat", email="sec@example.org", password="x", is_staff=True
    )
    Redirect.objects.create(site_id=1, old_path="/ancien/", new_path="/formation/")


def every_object():
    """Each backed-up model's rows, serialized with natural keys (independent of ids)."""
    excluded = {label for label in EXCLUDED_MODELS if "." in label}
    excluded_apps = {label for label in EXCLUDED_MODELS if "." not in label}
    snapshot = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in excluded or model._meta.app_label in excluded_apps:
            continue
        rows = serializers.serialize(
            "python",
            model._default_manager.all(),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        snapshot[label] = sorted(
            repr(sorted(row["fields"].items())) + repr(row.get("pk")) for row in rows
        )
    return snapshot


def every_file():
    digests = {}
    for name in media_names():
        with default_storage.open(name) as stored:
            digests[name] = hashlib.sha256(stored.read()).hexdigest()
    return digests


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_every_object_and_file(site_content, tmp_path):
    populate_site()
    objects_before, files_before = every_object(), every_file()
    assert len(files_before) >= 3  # the image and its renditions
    assert objects_before["programme.image"] and objects_before["auth.user"]

    call_command("backup_site", output_dir=tmp_path, stdout=io.StringIO())
    [archive] = tmp_path.glob("ipps-*.tar.gz")
    assert re.fullmatch(r"ipps-\d{8}-\d{6}\.tar\.gz", archive.name)
    with tarfile.open(archive) as contents:
        assert "database.xml" in contents.getnames()

    # The site is lost: an empty, migrated database and no media.
    call_command("flush", interactive=False, verbosity=0)
    for name in media_names():
        default_storage.delete(name)
    assert every_file() == {} and not Image.objects.exists()

    output = io.StringIO()
    call_command("restore_site", str(archive), interactive=False, stdout=output)
    assert "Restauré" in output.getvalue()
    assert every_object() == objects_before
    assert every_file() == files_before


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "autre.tar.gz"
    with tarfile.open(bogus, "w:gz"):
        pass
    with pytest.raises(CommandError, match="n'est pas une sauvegarde"):
        call_command("restore_site", str(bogus), interactive=False)


@pytest.mark.django_db
def test_a_site_without_any_upload_yet_is_backed_up(site_content, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "jamais-cree"
    call_command("backup_site", output_dir=tmp_path / "sauvegardes", stdout=io.StringIO())
    [archive] = (tmp_path / "sauvegardes").glob("ipps-*.tar.gz")
    with tarfile.open(archive) as contents:
        assert contents.getnames() == ["database.xml"]
