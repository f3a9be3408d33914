from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared content toolkit: identity, images, preview links, search, the registry."""

    name = "core"
    verbose_name = _("Réglages et médiathèque")

    def ready(self):
        from core.models import SiteIdentity
        from core.registry import ContentApp, register_content_app, register_derived_cache_key
        from core.search import register_sqlite_fold
        from core.search_document import (
            fill_after_migrate,
            remove_search_document_after_delete,
            update_search_document_after_save,
        )

        # The identity, images and preview links are content like any app's: the academic
        # lead may add images and share drafts, the identity stays with the secretariat.
        register_content_app(ContentApp("core", programme_manager_edits=("image", "previewlink")))
        register_derived_cache_key(SiteIdentity.CACHE_KEY)

        connection_created.connect(register_sqlite_fold, dispatch_uid="core.search.fold")
        # Kinds with a stored search document (news, documents, alumni) keep it current.
        post_save.connect(update_search_document_after_save, dispatch_uid="core.search_doc")
        post_delete.connect(remove_search_document_after_delete, dispatch_uid="core.search_doc")
        post_migrate.connect(fill_after_migrate, dispatch_uid="core.search_doc")
