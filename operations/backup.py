"""Backup archives: a portable dump of the database and every media file.

Layout of `ipps-YYYYmmdd-HHMMSS.tar.gz`: `database.xml` (dumpdata with natural keys:
loads into SQLite or PostgreSQL alike), `media/<name>` for each file of the default storage
and `storages/<alias>/<name>` for each file of every other configured storage (the private
« documents » one), read and written through the storage API (so it works with S3 as with a
local disk). Static files are not backed up: collectstatic rebuilds them.
"""

import io
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core import management
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import transaction
from django.utils import timezone

from core.registry import content_model_labels

# XML rather than JSON: Django's JSON encoder cuts datetimes to the millisecond.
DATABASE_MEMBER = "database.xml"
MEDIA_PREFIX = "media/"
OTHER_STORAGES_PREFIX = "storages/"
NOT_BACKED_UP_STORAGES = ("staticfiles",)
# Besides every content model the apps declare (core.registry.ContentApp): the staff
# accounts and roles, the site's domain and the content's history. Left out: what migrate
# rebuilds (content types, permissions), short-lived or derived records (sessions, login
# attempts, the admin's log, the content version).
ACCOUNTS_AND_HISTORY = ("auth.user", "auth.group", "sites.site", "reversion")


def backed_up_models():
    """The dumpdata labels of what a backup holds: derived from the apps' declarations."""
    return sorted(content_model_labels()) + list(ACCOUNTS_AND_HISTORY)


def media_names(storage=default_storage, folder="", skip=()):
    """Every file name in the storage, recursively, sorted; `skip`: folders left out."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing uploaded yet: the media folder does not exist
        return []
    names = [f"{folder}{name}" for name in files if not name.startswith(".upload-")]
    for directory in directories:
        if f"{folder}{directory}" not in skip:
            names += media_names(storage, f"{folder}{directory}/", skip)
    return sorted(names)


def _root(storage):
    """Where a storage keeps its files: a local folder, or a bucket and its prefix."""
    if hasattr(storage, "bucket_name"):  # django-storages' S3 backend
        return ("s3", PurePosixPath("/", storage.bucket_name, storage.location.strip("/")))
    return ("file", PurePosixPath(Path(storage.location).resolve()))


def backed_up_storages():
    """[(archive prefix, storage, folders to skip)] for every configured file storage.

    A storage whose root is another's (two aliases, one folder) is backed up once; one nested
    inside another (a private prefix in the same bucket) is left out of the outer one.
    """
    aliases = sorted(
        (alias for alias in settings.STORAGES if alias not in NOT_BACKED_UP_STORAGES),
        key=lambda alias: alias != "default",
    )
    found, seen = [], set()
    for alias in aliases:
        root = _root(storages[alias])
        if root in seen:
            continue
        seen.add(root)
        prefix = MEDIA_PREFIX if alias == "default" else f"{OTHER_STORAGES_PREFIX}{alias}/"
        found.append((prefix, storages[alias], root))
    result = []
    for prefix, storage, (kind, path) in found:
        skip = {
            str(other.relative_to(path))
            for _prefix, _storage, (other_kind, other) in found
            if other_kind == kind and other != path and other.is_relative_to(path)
        }
        result.append((prefix, storage, skip))
    return result


def dump_database():
    output = io.StringIO()
    management.call_command(
        "dumpdata",
        *backed_up_models(),
        natural_foreign=True,
        natural_primary=True,
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
            for prefix, storage, skip in backed_up_storages():
                for name in media_names(storage, skip=skip):
                    with storage.open(name, "rb") as stored:
                        _add(archive, prefix + name, stored.read())
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
        targets = backed_up_storages()
        # Every file must have a storage to go to before anything is replaced.
        placed = {name: _target(name, targets) for name in members if name != DATABASE_MEMBER}
        database = archive.extractfile(members[DATABASE_MEMBER]).read()
        objects = database.count(b"<object ")
        with tempfile.TemporaryDirectory() as folder:
            fixture = Path(folder) / DATABASE_MEMBER
            fixture.write_bytes(database)
            with transaction.atomic():
                management.call_command("flush", interactive=False, verbosity=0)
                management.call_command("loaddata", str(fixture), verbosity=0)
        for _prefix, storage, skip in targets:
            for name in media_names(storage, skip=skip):
                storage.delete(name)
        files = 0
        for member_name, (prefix, storage) in sorted(placed.items()):
            member = members[member_name]
            name = member_name.removeprefix(prefix)
            saved = storage.save(name, ContentFile(archive.extractfile(member).read()))
            if saved != name:
                raise ValueError(f"Le fichier {name} n'a pas pu être restauré sous son nom.")
            files += 1
    cache.clear()
    return objects, files


def _target(member_name, targets):
    """(archive prefix, storage) a member of the archive is restored into, if its name is safe."""
    name = PurePosixPath(member_name)
    if ".." in name.parts or name.is_absolute():
        raise ValueError(f"Nom de fichier refusé dans l'archive : {member_name}")
    for prefix, storage, _skip in targets:
        if member_name.startswith(prefix):
            return prefix, storage
    raise ValueError(
        f"{member_name} : aucun stockage configuré ne correspond à ce fichier de la sauvegarde "
        "(un stockage de fichiers défini lors de la sauvegarde manque dans STORAGES)."
    )
