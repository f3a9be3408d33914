"""Admin building blocks shared by every content app (history, publication, preview)."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin

from programme.publication import PublicationStatus


class ContentAdmin(VersionAdmin):
    """Base admin for content: every change is kept in the history and can be undone."""

    save_on_top = True


class PublicationStateFilter(admin.SimpleListFilter):
    title = _("état de publication")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [
            ("publie", _("Publié")),
            ("programme", _("Programmé")),
            ("brouillon", _("Brouillon")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "publie":
                return queryset.published()
            case "programme":
                return queryset.scheduled()
            case "brouillon":
                return queryset.drafts()
        return queryset


class PublishableAdmin(ContentAdmin):
    """Admin for models using `Publishable`: state column and filter, publish actions."""

    list_filter = [PublicationStateFilter]
    actions = ["publish_now", "unpublish"]

    @admin.display(description=_("état"), ordering="status")
    def publication_state(self, obj):
        if obj.is_scheduled():
            return _("Programmé pour le %(date)s") % {
                "date": timezone.localtime(obj.published_at).strftime("%d/%m/%Y %H:%M")
            }
        return obj.publication_label

    @admin.action(description=_("Publier maintenant les éléments sélectionnés"))
    def publish_now(self, request, queryset):
        count = 0
        for obj in queryset:
            if not obj.is_published():
                obj.status = PublicationStatus.PUBLISHED
                obj.published_at = timezone.now()
                obj.save()
                count += 1
        self.message_user(
            request,
            ngettext("%(count)d élément publié.", "%(count)d éléments publiés.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Repasser en brouillon les éléments sélectionnés"))
    def unpublish(self, request, queryset):
        count = 0
        for obj in queryset.exclude(status=PublicationStatus.DRAFT):
            obj.status = PublicationStatus.DRAFT
            obj.save()
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d élément repassé en brouillon.",
                "%(count)d éléments repassés en brouillon.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
