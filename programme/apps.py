from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """The programme itself: fiche formation, contacts, sections, curriculum, admission."""

    name = "programme"
    verbose_name = _("Présentation de la formation")

    def ready(self):
        from programme import hooks

        hooks.register()
