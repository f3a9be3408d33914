"""Media storage on a local or shared disk that never leaves a half-written file."""

import os
import tempfile

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class AtomicFileSystemStorage(FileSystemStorage):
    """Writes each upload to a temporary file beside its target, then renames it in place.

    If the write fails half way (disk full, network file system gone), the temporary file
    is removed and the error propagates: the model is not saved, nothing is left behind.
    """

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        descriptor, temporary_path = tempfile.mkstemp(dir=directory, prefix=".upload-")
        try:
            with os.fdopen(descriptor, "wb") as temporary:
                for chunk in content.chunks():
                    temporary.write(chunk)
            # mkstemp() creates the file readable by its owner only.
            os.chmod(temporary_path, self.file_permissions_mode or 0o644)
            # link() fails if the name was taken meanwhile, like FileSystemStorage's O_EXCL.
            while True:
                try:
                    os.link(temporary_path, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            os.unlink(temporary_path)
        return str(name).replace("\\", "/")


class PrivateFileSystemStorage(AtomicFileSystemStorage):
    """Files kept outside MEDIA_ROOT (in PRIVATE_MEDIA_ROOT), with no public URL.

    For files that must pass a check before they are served (documents: publication and
    expiry, through their stable link), which a public media URL would bypass. `url()`
    answers None, so the admin's file widget shows no « Actuellement » link to a path that
    does not exist; the documents admin shows the stable link instead.
    """

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location, **kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        return None
