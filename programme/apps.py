from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Présentation et réglages du site")

    def ready(self):
        from programme import discovery
        from programme.content import register

        register()

        discovery.ready()
