"""Files owned by records: none left behind when a record changes, is deleted, or fails to save.

The database and the file storage are not one transaction, so the order matters:
- a file a record no longer needs (replaced, cleared, or its record deleted) goes only once
  the transaction commits: a rollback brings the row back, and the row still needs it;
- a file written by a save that fails goes at once: no row will ever point to it.
"""

from django.db import models, transaction


def delete_files(storage, names):
    """Delete `names` from `storage` now (absent names are ignored by the storage)."""
    for name in names:
        storage.delete(name)


def delete_files_on_commit(storage, names):
    """Delete `names` from `storage` once the current transaction commits (at once outside one)."""
    names = set(names)
    if names:
        transaction.on_commit(lambda: delete_files(storage, names))


class FileOwner(models.Model):
    """Abstract model whose records own files in a storage (its `FileField`s, plus any other
    file `stored_names()` lists, such as an image's renditions).

    Files a save writes and that the save then fails to record are deleted at once; files
    a save replaces or clears, and every file of a deleted record, once the transaction
    commits. Work that writes more files before the row (resizing…) goes in `prepare_files()`,
    so that a failure there cleans up too.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        previous_names = getattr(self, "_stored_names", set())
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
