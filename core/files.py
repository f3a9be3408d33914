"""Files owned by records: none left behind when a record changes, is deleted, or fails to save.

The database and the file storage are not one transaction, so the order matters:
- a file a record no longer needs (replaced, cleared, or its record deleted) goes only once
  the transaction commits: a rollback brings the row back, and the row still needs it;
- a file written by a save that fails goes at once: no row will ever point to it.
"""

import logging

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models, transaction

logger = logging.getLogger(__name__)

# Where a deleted record's files wait, in the same (private) storage, for the record to be
# recovered from its history: `<prefix><name>`.
TRASH_PREFIX = "corbeille/"


def delete_files(storage, names):
    """Delete `names` from `storage` now (absent names are ignored by the storage)."""
    for name in names:
        storage.delete(name)


def delete_files_on_commit(storage, names):
    """Delete `names` from `storage` once the current transaction commits (at once outside one)."""
    names = set(names)
    if names:
        transaction.on_commit(lambda: delete_files(storage, names))


def move_to_trash(storage, names):
    """Move `names` under TRASH_PREFIX in `storage` (absent names are skipped)."""
    for name in names:
        if not storage.exists(name):
            continue
        with storage.open(name, "rb") as stored:
            content = stored.read()
        storage.delete(TRASH_PREFIX + name)
        storage.save(TRASH_PREFIX + name, ContentFile(content))
        storage.delete(name)


def move_to_trash_on_commit(storage, names):
    names = set(names)
    if names:
        transaction.on_commit(lambda: move_to_trash(storage, names))


def restore_from_trash(storage, names):
    """Bring back those of `names` that are missing from `storage` but wait in its trash."""
    for name in names:
        trashed = TRASH_PREFIX + name
        if storage.exists(name) or not storage.exists(trashed):
            continue
        with storage.open(trashed, "rb") as stored:
            saved_as = storage.save(name, ContentFile(stored.read()))
        if saved_as != name:  # another file took the name meanwhile: never overwrite it
            storage.delete(saved_as)
            logger.warning("Fichier %s non restauré : son nom est repris.", name)
            continue
        storage.delete(trashed)


def purge_trash(storage, older_than):
    """Delete the trashed files of `storage` last modified before `older_than`; how many."""
    purged = 0
    folders = [TRASH_PREFIX]
    while folders:
        folder = folders.pop()
        try:
            directories, files = storage.listdir(folder)
        except FileNotFoundError:  # nothing was ever deleted
            continue
        folders += [f"{folder}{directory}/" for directory in directories]
        for name in files:
            if storage.get_modified_time(folder + name) < older_than:
                storage.delete(folder + name)
                purged += 1
    return purged


def storages_with_trash():
    """The storages of the models that keep a deleted record's files, each once."""
    found = {}
    for model in apps.get_models():
        if issubclass(model, FileOwner) and model.keeps_files_of_deleted_records:
            storage = model.file_storage()
            found[id(storage)] = storage
    return list(found.values())


class FileOwner(models.Model):
    """Abstract model whose records own files in a storage (its `FileField`s, plus any other
    file `stored_names()` lists, such as an image's renditions).

    Files a save writes and that the save then fails to record are deleted at once; files
    a save replaces or clears, and every file of a deleted record, once the transaction
    commits. Work that writes more files before the row (resizing…) goes in `prepare_files()`,
    so that a failure there cleans up too.

    With `keeps_files_of_deleted_records`, a deleted record's files move to the storage's
    trash instead, so that recovering the record from its history (django-reversion writes
    the row back, then the admin saves it) brings its files back too. Only for models whose
    storage is private and whose files are not personal data: erasing a person's record
    must erase their files.
    """

    keeps_files_of_deleted_records = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        previous_names = getattr(self, "_stored_names", set())
        if self.keeps_files_of_deleted_records:
            committed = {file.name for file in self._files() if file and file._committed}
            restore_from_trash(self.file_storage(), committed)
        try:
            self.prepare_files()
            super().save(*args, **kwargs)
        except Exception:
            # Take back what this save wrote; an upload not yet written only bears a name,
            # possibly another record's file's.
            unwritten = {file.name for file in self._files() if file and not file._committed}
            delete_files(self.file_storage(), self.stored_names() - unwritten - previous_names)
            raise
        current_names = self.stored_names()
        delete_files_on_commit(self.file_storage(), previous_names - current_names)
        self._stored_names = current_names

    def delete(self, *args, **kwargs):
        names = self.stored_names()
        result = super().delete(*args, **kwargs)
        if self.keeps_files_of_deleted_records:
            move_to_trash_on_commit(self.file_storage(), names)
        else:
            delete_files_on_commit(self.file_storage(), names)
        return result

    @classmethod
    def file_fields(cls):
        return [field for field in cls._meta.concrete_fields if isinstance(field, models.FileField)]

    @classmethod
    def file_storage(cls):
        """The storage holding this model's files (all its file fields share one)."""
        return cls.file_fields()[0].storage

    def stored_names(self):
        """Every file this record owns in the storage; by default its file fields' files."""
        return {file.name for file in self._files() if file}

    def prepare_files(self):
        """Called by `save()` before the row is written: derive columns from new uploads."""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # A record loaded without its file fields (only()/defer()) cannot say what it owns.
        if all(field.attname in field_names for field in cls.file_fields()):
            instance._stored_names = instance.stored_names()
        return instance

    def _files(self):
        return [getattr(self, field.attname) for field in self.file_fields()]
