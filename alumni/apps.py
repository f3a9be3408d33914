from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlumniConfig(AppConfig):
    name = "alumni"
    verbose_name = _("Anciens étudiants")

    def ready(self):
        from alumni import hooks

        hooks.register()
