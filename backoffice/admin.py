"""The admin of the content toolkit's own records: site identity, images, preview links."""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backoffice import workflow
from backoffice.admin_tools import (
    ContentAdmin,
    SingletonAdmin,
)
from backoffice.models import OPEN_STATES, ApprovalSetting, PendingRevision
from backoffice.two_step_admin import replace_device_admins
from core.images import ImageUploadField
from core.models import Image, PreviewLink, SiteIdentity
from core.preview import preview_link_revoke


@admin.register(SiteIdentity)
class SiteIdentityAdmin(SingletonAdmin):
    fieldsets = [
        (
            _("UFR"),
            {
                "fields": ["ufr_name", "ufr_address", "ufr_phone", "contact_email"],
                "description": _(
                    "Nom, adresse et téléphone affichés dans l'en-tête et le pied de chaque "
                    "page. Le téléphone s'affiche à la française (03 87 31 56 38) et s'appelle "
                    "d'un simple toucher sur téléphone, quelle que soit la façon de l'écrire."
                ),
            },
        ),
        (
            _("Université"),
            {"fields": ["university_name", "university_address", "university_phone"]},
        ),
        (
            _("Logos et bandeau"),
            {
                "fields": ["university_logo", "ufr_logo", "banner"],
                "description": _(
                    "Des images de la médiathèque : ajoutez-les d'abord dans « Images » (avec "
                    "leur texte alternatif), puis choisissez-les ici. Tant qu'aucune n'est "
                    "choisie, le site affiche son emblème « Master IPPS » et un motif neutre."
                ),
            },
        ),
        (_("Accessibilité"), {"fields": ["accessibility_compliance"]}),
    ]
    autocomplete_fields = ["university_logo", "ufr_logo", "banner"]
    list_display = ["__str__", "ufr_name", "ufr_phone", "contact_email", "updated_at"]


@admin.register(Image)
class ImageAdmin(ContentAdmin):
    list_display = ["__str__", "thumbnail", "width", "height", "is_decorative", "created_at"]
    search_fields = ["alt_text", "credit", "file"]
    list_filter = ["is_decorative"]
    readonly_fields = ["thumbnail", "width", "height"]
    fields = ["file", "thumbnail", "alt_text", "is_decorative", "credit", "width", "height"]
    formfield_overrides = {models.ImageField: {"form_class": ImageUploadField}}

    @admin.display(description=_("aperçu"))
    def thumbnail(self, obj):
        if not obj.pk or not obj.file:
            return "—"
        smallest = obj.renditions[0]["name"] if obj.renditions else obj.file.name
        return format_html(
            '<img src="{}" alt="" style="max-width:160px;height:auto">',
            obj.file.storage.url(smallest),
        )


@admin.register(PreviewLink)
class PreviewLinkAdmin(admin.ModelAdmin):
    """Every shareable preview link of the site, to see who shared what and revoke it."""

    list_display = [
        "target_label",
        "content_type",
        "created_by",
        "created_at",
        "expires_at",
        "state",
    ]
    list_filter = ["content_type"]
    list_select_related = ["content_type", "created_by"]
    date_hierarchy = "created_at"
    actions = ["revoke"]

    def has_add_permission(self, request):
        # Links are made from the page of the draft itself (« Créer un lien d'aperçu »).
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        # Revoking changes the link (its end date): the model's change permission, which
        # this read-only admin does not otherwise grant.
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    @admin.display(description=_("contenu"))
    def target_label(self, obj):
        return str(obj.target) if obj.target is not None else _("(contenu supprimé)")

    @admin.display(description=_("état"))
    def state(self, obj):
        if obj.revoked_at:
            return _("Révoqué")
        return _("Actif") if obj.is_active() else _("Expiré")

    @admin.action(description=_("Révoquer les liens sélectionnés"), permissions=["revoke"])
    def revoke(self, request, queryset):
        count = 0
        for link in queryset.filter(revoked_at__isnull=True):
            preview_link_revoke(link)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d lien révoqué.", "%(count)d liens révoqués.", count)
            % {"count": count},
            messages.SUCCESS,
        )


# --- Approval before publication (backoffice/workflow.py) ------------------------------


@admin.register(ApprovalSetting)
class ApprovalSettingAdmin(admin.ModelAdmin):
    """« Validation avant publication »: which kinds of content wait for approval."""

    list_display = ["kind", "approval_required"]
    list_editable = ["approval_required"]
    list_select_related = ["content_type"]
    fields = ["kind", "approval_required"]
    readonly_fields = ["kind"]

    def has_add_permission(self, request):
        # One row per kind edited in the admin, made by the list itself.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("type de contenu"), ordering="content_type__model")
    def kind(self, obj):
        return str(obj)

    def _content_models(self):
        """The kinds edited through ContentAdmin, where the workflow applies."""
        return [
            model
            for model, model_admin in self.admin_site._registry.items()
            if isinstance(model_admin, ContentAdmin)
        ]

    def changelist_view(self, request, extra_context=None):
        workflow.sync_approval_settings(self._content_models())
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        content_types = ContentType.objects.get_for_models(*self._content_models()).values()
        return super().get_queryset(request).filter(content_type__in=list(content_types))


@admin.register(PendingRevision)
class PendingRevisionAdmin(admin.ModelAdmin):
    """Every change waiting for approval, sent back or approved for a later date: a list
    leading to each record's form and its review page (read-only here)."""

    list_display = [
        "object_repr",
        "kind",
        "state",
        "author",
        "submitted_at",
        "reviewer",
        "publish_at",
        "links",
    ]
    list_filter = ["state", "content_type"]
    list_select_related = ["content_type", "author", "reviewer"]
    search_fields = ["object_repr", "comment"]
    date_hierarchy = "updated_at"
    fields = [
        "object_repr",
        "state",
        "author",
        "submitted_by",
        "submitted_at",
        "reviewer",
        "reviewed_at",
        "comment",
        "publish_at",
        "published_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("type de contenu"), ordering="content_type__model")
    def kind(self, obj):
        model = obj.model
        return capfirst(model._meta.verbose_name) if model is not None else "—"

    @admin.display(description=_("ouvrir"))
    def links(self, obj):
        target = obj.target()
        if target is None:
            return "—"
        opts = target._meta
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
        if obj.state not in OPEN_STATES:
            return format_html('<a href="{}">{}</a>', change, _("Formulaire"))
        review = reverse(f"admin:{opts.app_label}_{opts.model_name}_review", args=[target.pk])
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            change,
            _("Formulaire"),
            review,
            _("Comparer"),
        )


# The two-step login's devices, in French, in place of django-otp's English admins.
replace_device_admins(admin.site)
