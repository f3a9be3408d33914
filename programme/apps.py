from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Présentation et réglages du site")

    def ready(self):
        from programme.registry import register_schedule
        from programme.roles import sync_roles_after_migrate
        from programme.schedule import scheduled_publications

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="programme.sync_roles")
        register_schedule("publications", scheduled_publications)


class SecretariatAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the site that groups models the way the secretariat works."""

    # Named explicitly in INSTALLED_APPS; "programme" alone still means ProgrammeConfig.
    default = False
    default_site = "programme.admin_site.SecretariatAdminSite"
