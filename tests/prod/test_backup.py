import hashlib
import io
import re
import tarfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.redirects.models import Redirect
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from PIL import Image as PillowImage

from core.models import Image, SiteIdentity
from documents.models import Category, Document
from documents.pdf_builder import build_pdf
from operations.backup import backed_up_models, backed_up_storages, media_names
from programme.models import Programme


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
    # A draft document: its file lives in the private « documents » storage.
    document = Document(
        title="Calendrier 2026-2027",
        category=Category.objects.get_or_create(slug="scolarite", defaults={"name": "Scolarité"})[
            0
        ],
    )
    document.file = ContentFile(build_pdf("Calendrier"), name="calendrier.pdf")
    document.save()


def every_object():
    """Each backed-up model's rows, serialized with natural keys (independent of ids)."""
    included = set(backed_up_models())
    snapshot = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label not in included and model._meta.app_label not in included:
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
    """{(archive prefix, name): digest} over every backed-up storage."""
    digests = {}
    for prefix, storage, skip in backed_up_storages():
        for name in media_names(storage, skip=skip):
            with storage.open(name) as stored:
                digests[prefix, name] = hashlib.sha256(stored.read()).hexdigest()
    return digests


def delete_every_file():
    for _prefix, storage, skip in backed_up_storages():
        for name in media_names(storage, skip=skip):
            storage.delete(name)


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_every_object_and_file(site_content, tmp_path):
    populate_site()
    objects_before, files_before = every_object(), every_file()
    assert len(files_before) >= 4  # the image, its renditions and the document's file
    assert objects_before["core.image"] and objects_before["auth.user"]
    assert objects_before["documents.document"]
    [document_file] = [name for prefix, name in files_before if prefix == "storages/documents/"]
    assert document_file.startswith("documents/")
    assert not any(
        name.startswith("documents/") for prefix, name in files_before if prefix == "media/"
    )

    call_command("backup_site", output_dir=tmp_path, stdout=io.StringIO())
    [archive] = tmp_path.glob("ipps-*.tar.gz")
    assert re.fullmatch(r"ipps-\d{8}-\d{6}\.tar\.gz", archive.name)
    with tarfile.open(archive) as contents:
        assert "database.xml" in contents.getnames()
        assert f"storages/documents/{document_file}" in contents.getnames()

    # The site is lost: an empty, migrated database and no file in any storage.
    call_command("flush", interactive=False, verbosity=0)
    delete_every_file()
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
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "jamais-cree-non-plus"
    call_command("backup_site", output_dir=tmp_path / "sauvegardes", stdout=io.StringIO())
    [archive] = (tmp_path / "sauvegardes").glob("ipps-*.tar.gz")
    with tarfile.open(archive) as contents:
        assert contents.getnames() == ["database.xml"]


def test_a_storage_nested_in_another_is_backed_up_once_under_its_own_prefix(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "prive"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media" / "prive")},
        },
        "copie": {"BACKEND": "core.storage.AtomicFileSystemStorage"},
    }
    prefixes = {prefix: skip for prefix, _storage, skip in backed_up_storages()}
    assert prefixes == {"media/": {"prive"}, "storages/documents/": set()}


@pytest.mark.django_db
def test_restore_refuses_files_of_a_storage_this_site_does_not_configure(tmp_path):
    call_command("backup_site", output_dir=tmp_path, stdout=io.StringIO())
    [archive] = tmp_path.glob("ipps-*.tar.gz")
    with tarfile.open(archive) as original:
        database = original.extractfile("database.xml").read()
    foreign = tmp_path / "autre-site.tar.gz"
    with tarfile.open(foreign, "w:gz") as contents:
        for name, data in (("database.xml", database), ("storages/inconnu/a.jpg", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            contents.addfile(info, io.BytesIO(data))
    get_user_model().objects.create_user("encore-la", password="x")
    with pytest.raises(CommandError, match="aucun stockage configuré"):
        call_command("restore_site", str(foreign), interactive=False, stdout=io.StringIO())
    # Refused before anything was replaced.
    assert get_user_model().objects.filter(username="encore-la").exists()


def test_backups_cover_every_content_model_and_no_login_records():
    """Derived from the apps' declarations: a content model added later is backed up."""
    included = set(backed_up_models())
    for label in ("core.image", "pages.page", "programme.section", "news.newsitem"):
        assert label in included
    assert "redirects.redirect" in included
    assert not {label for label in included if label.startswith(("axes", "sessions"))}
