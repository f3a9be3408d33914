from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """The secretariat's admin tools: roles, history, « À traiter », calendar, link check."""

    name = "backoffice"
    verbose_name = _("Administration")

    def ready(self):
        from backoffice import attention, schedule, workflow
        from backoffice.roles import sync_roles_after_migrate
        from backoffice.two_step_admin import name_devices_in_french
        from core.registry import (
            DueWork,
            register_admin_attention,
            register_due_work,
            register_schedule,
        )

        name_devices_in_french()
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="backoffice.sync_roles")
        # Every publishable model, whatever its app, shows in the calendar and on the home.
        register_schedule("publications", schedule.scheduled_publications)
        register_admin_attention(
            "publications-programmees",
            _("Publications programmées (voir le calendrier)"),
            schedule.scheduled_publication_count,
            schedule.scheduled_publications_url,
            order=90,  # information, not work: after what staff must handle
        )
        register_admin_attention(
            "courriels-envoyes-a-personne",
            _(
                "Les messages de contact ne sont envoyés à personne : renseignez l'adresse "
                "e-mail de contact"
            ),
            attention.nobody_gets_mail_count,
            attention.identity_url,
            order=1,
            permission="core.change_siteidentity",
        )
        register_admin_attention(
            "adresse-de-contact",
            _("Adresse e-mail de contact du site à renseigner"),
            attention.missing_contact_email_count,
            attention.identity_url,
            order=2,
            permission="core.change_siteidentity",
        )
        register_admin_attention(
            "liens-casses",
            _("Liens cassés trouvés par la dernière vérification des liens"),
            attention.broken_links_count,
            attention.link_report_url,
            order=70,
        )
        attention.register_accessibility_lines()
        # Approval before publication: work for the reviewers, then for the authors.
        register_admin_attention(
            "modifications-a-valider",
            _("Modifications soumises, à valider"),
            attention.pending_revision_count("submitted"),
            attention.pending_revisions_url("submitted"),
            order=5,
            permission=workflow.REVIEW_PERMISSION,
        )
        register_admin_attention(
            "modifications-renvoyees",
            _("Modifications renvoyées par le responsable pédagogique, à reprendre"),
            attention.pending_revision_count("returned"),
            attention.pending_revisions_url("returned"),
            order=6,
            permission="backoffice.view_pendingrevision",
        )
        register_admin_attention(
            "modifications-en-cours",
            _("Modifications en attente, pas encore soumises pour validation"),
            attention.pending_revision_count("draft"),
            attention.pending_revisions_url("draft"),
            order=40,
            permission="backoffice.view_pendingrevision",
        )
        register_due_work(
            DueWork(
                key="modifications-approuvees",
                next_at=workflow.next_due,
                run=workflow.publish_due,
                models=("backoffice.pendingrevision",),
            )
        )


class SecretariatAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the site that groups models the way the secretariat works."""

    # Named explicitly in INSTALLED_APPS; "backoffice" alone still means BackofficeConfig.
    default = False
    default_site = "backoffice.admin_site.SecretariatAdminSite"
