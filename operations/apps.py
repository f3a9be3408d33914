from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the site in production: the public page cache's content version, backups."""

    name = "operations"
    verbose_name = _("Exploitation du site")

    def ready(self):
        from operations import content_version

        content_version.connect_signals()
