"""Admin building blocks shared by every content app (history, publication, preview)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin

from programme.models import PreviewLink
from programme.preview import (
    preview_link_create,
    preview_link_days,
    preview_link_revoke,
    preview_url,
)
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
    """Admin for models using `Publishable`: state column and filter, publish actions,
    and shareable preview links (made, copied and revoked under the form's fields).
    """

    list_filter = [PublicationStateFilter]
    actions = ["publish_now", "unpublish"]
    change_form_template = "admin/programme/publishable_change_form.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/apercu/creer/",
                wrap(require_POST(self.preview_link_create_view)),
                name="{}_{}_preview_create".format(*info),
            ),
            path(
                "<path:object_id>/apercu/<int:link_id>/revoquer/",
                wrap(require_POST(self.preview_link_revoke_view)),
                name="{}_{}_preview_revoke".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None and hasattr(obj, "get_absolute_url"):
            info = self.opts.app_label, self.opts.model_name
            extra_context["preview_links"] = [
                {
                    "link": link,
                    "url": request.build_absolute_uri(preview_url(link, obj)),
                    "revoke_url": reverse(
                        f"admin:{info[0]}_{info[1]}_preview_revoke",
                        args=[obj.pk, link.pk],
                        current_app=self.admin_site.name,
                    ),
                }
                for link in PreviewLink.objects.for_object(obj).active()
            ]
            extra_context["preview_create_url"] = reverse(
                f"admin:{info[0]}_{info[1]}_preview_create",
                args=[obj.pk],
                current_app=self.admin_site.name,
            )
            extra_context["preview_link_days"] = preview_link_days()
            extra_context["preview_is_public"] = obj.is_published()
        return super().change_view(request, object_id, form_url, extra_context)

    def _object_for_preview(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _change_url(self, obj):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )

    def preview_link_create_view(self, request, object_id):
        obj = self._object_for_preview(request, object_id)
        link = preview_link_create(obj, request.user)
        self.message_user(
            request,
            _(
                "Lien d'aperçu créé, valable jusqu'au %(date)s : copiez-le dans le cadre "
                "« Lien d'aperçu partageable » en bas du formulaire."
            )
            % {"date": timezone.localtime(link.expires_at).strftime("%d/%m/%Y %H:%M")},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(obj) + "#apercu-partageable")

    def preview_link_revoke_view(self, request, object_id, link_id):
        obj = self._object_for_preview(request, object_id)
        link = PreviewLink.objects.for_object(obj).filter(pk=link_id).first()
        if link is None:
            raise Http404
        preview_link_revoke(link)
        self.message_user(
            request,
            _("Le lien d'aperçu est révoqué : il ne montre plus rien."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(obj) + "#apercu-partageable")

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
