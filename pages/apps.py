from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """Fixed pages, contact, redirects and the pages that find content (search, site maps)."""

    name = "pages"
    verbose_name = _("Pages du site")

    def ready(self):
        from pages import hooks
        from pages.site_domain import sync_site_domain_after_migrate

        hooks.register()
        post_migrate.connect(sync_site_domain_after_migrate, dispatch_uid="pages.site_domain")
