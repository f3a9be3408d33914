"""Backup archives: a portable dump of the database and every media file.

Layout of `ipps-YYYYmmdd-HHMMSS.tar.gz`: `database.xml` (dumpdata with natural keys:
loads into SQLite or PostgreSQL alike) and `media/<name>` for each stored file, read and
written through the storage API (so it works with S3 as with a local disk).
"""

import io
import tarfile
import tempfile
from pathlib import Path

from django.core import management
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

# XML rather than JSON: Django's JSON encoder cuts datetimes to the millisecond.
DATABASE_MEMBER = "database.xml"
MEDIA_PREFIX = "media/"
# Rebuilt by migrate (content types, permissions), short-lived (sessions) or derived.
EXCLUDED_MODELS = (
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "operations.contentversion",
)


def media_names(storage=default_storage, folder=""):
    """Every file name in the storage, recursively, sorted."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing uploaded yet: the media folder does not exist
        return []
    names = [f"{folder}{name}" for name in files if not name.startswith(".upload-")]
    for directory in directories:
        names += media_names(storage, f"{folder}{directory}/")
    return sorted(names)


def dump_database():
    output = io.StringIO()
    management.call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=list(EXCLUDED_MODELS),
        format="xml",
        stdout=output,
    )
    return output.getvalue().encode()


def create_archive(output_dir):
    """Write the archive in `output_dir`, return its path."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    final_path = output_dir / f"ipps-{stamp}.tar.gz"
    # Written under a temporary name, renamed when complete: never a truncated archive.
    partial_path = final_path.with_suffix(".partial")
    try:
        with tarfile.open(partial_path, "w:gz") as archive:
            _add(archive, DATABASE_MEMBER, dump_database())
            for name in media_names():
                with default_storage.open(name, "rb") as stored:
                    _add(archive, MEDIA_PREFIX + name, stored.read())
        partial_path.rename(final_path)
    finally:
        partial_path.unlink(missing_ok=True)
    return final_path


def _add(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def restore_archive(path):
    """Replace the database content and media files by the archive's; return counts."""
    with tarfile.open(path, "r:gz") as archive:
        members = {member.name: member for member in archive.getmembers() if member.isfile()}
        if DATABASE_MEMBER not in members:
            raise ValueError(f"{path} n'est pas une sauvegarde du site ({DATABASE_MEMBER} absent).")
        database = archive.extractfile(members[DATABASE_MEMBER]).read()
        objects = database.count(b"<object ")
        with tempfile.TemporaryDirectory() as folder:
            fixture = Path(folder) / DATABASE_MEMBER
            fixture.write_bytes(database)
            with transaction.atomic():
                management.call_command("flush", interactive=False, verbosity=0)
                management.call_command("loaddata", str(fixture), verbosity=0)
        for name in media_names():
            default_storage.delete(name)
        files = 0
        for member_name, member in sorted(members.items()):
            if not member_name.startswith(MEDIA_PREFIX):
                continue
            name = member_name.removeprefix(MEDIA_PREFIX)
            if ".." in Path(name).parts or Path(name).is_absolute():
                raise ValueError(f"Nom de fichier refusé dans l'archive : {member_name}")
            saved = default_storage.save(name, ContentFile(archive.extractfile(member).read()))
            if saved != name:
                raise ValueError(f"Le fichier {name} n'a pas pu être restauré sous son nom.")
            files += 1
    cache.clear()
    return objects, files
