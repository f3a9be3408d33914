from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Présentation et réglages du site")

    def ready(self):
        from programme import discovery, schedule
        from programme.content import register
        from programme.registry import register_admin_attention, register_schedule
        from programme.roles import sync_roles_after_migrate
        from programme.search_document import update_search_document_after_save
        from programme.site_domain import sync_site_domain_after_migrate

        register()
        discovery.ready()
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="programme.sync_roles")
        post_migrate.connect(sync_site_domain_after_migrate, dispatch_uid="programme.site_domain")
        # Kinds with a stored search document (news, documents, alumni) keep it current.
        post_save.connect(update_search_document_after_save, dispatch_uid="programme.search_doc")
        # Every publishable model, whatever its app, shows in the calendar and on the home.
        register_schedule("publications", schedule.scheduled_publications)
        register_schedule("candidatures", schedule.admission_phase_events)
        register_admin_attention(
            "messages-de-contact",
            _("Messages de contact à traiter"),
            schedule.unhandled_contact_message_count,
            schedule.unhandled_contact_messages_url,
            order=10,
            permission="programme.change_contactmessage",
        )
        register_admin_attention(
            "publications-programmees",
            _("Publications programmées (voir le calendrier)"),
            schedule.scheduled_publication_count,
            schedule.scheduled_publications_url,
            order=90,  # information, not work: after what staff must handle
        )


class SecretariatAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the site that groups models the way the secretariat works."""

    # Named explicitly in INSTALLED_APPS; "programme" alone still means ProgrammeConfig.
    default = False
    default_site = "programme.admin_site.SecretariatAdminSite"
