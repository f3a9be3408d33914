"""Admin building blocks shared by every content app (history, publication, preview)."""

import reversion
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from backoffice import workflow
from backoffice.accessibility import AccessibilityCheckMixin
from backoffice.approval_admin import ApprovalWorkflowMixin
from backoffice.conflicts import ConflictCheckMixin
from backoffice.translation_admin import TranslationColumnsMixin
from backoffice.version_compare import compare_with_current
from core.accessibility import record_warnings
from core.models import PreviewLink
from core.preview import (
    preview_link_create,
    preview_link_days,
    preview_link_revoke,
    preview_url,
)
from core.publication import PublicationStatus

# How many names a success message spells out before saying « et N autres ».
NAMED_IN_MESSAGE = 5


def admin_change_url(obj):
    """The admin page where staff change `obj`, or "" when its model has no admin."""
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def named_list(objects):
    """« « A », « B » et 3 autres » : the records an action touched, as staff call them."""
    names = [f"« {obj} »" for obj in objects[:NAMED_IN_MESSAGE]]
    others = len(objects) - len(names)
    text = ", ".join(names)
    if others:
        text += " " + ngettext("et %(count)d autre", "et %(count)d autres", others) % {
            "count": others
        }
    return text


class ChangedFieldsMessageMixin:
    """The success message after saving a form names the fields that changed."""

    def save_model(self, request, obj, form, change):
        # Remembered for the success message, which then says which fields changed (over
        # every row saved at once from a list's editable columns).
        if change:
            labels = getattr(request, "_changed_field_labels", [])
            for name in form.changed_data:
                if name in form.fields:
                    label = str(form.fields[name].label or name).lower()
                    if label not in labels:
                        labels.append(label)
            request._changed_field_labels = labels
        super().save_model(request, obj, form, change)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        labels = getattr(request, "_changed_field_labels", None)
        if level == messages.SUCCESS and labels is not None:
            del request._changed_field_labels
            if labels:
                summary = gettext("Modifié : %(fields)s.") % {"fields": ", ".join(labels)}
            else:
                summary = gettext("Aucun champ n'a changé.")
            message = format_html("{} {}", message, summary)
        super().message_user(request, message, level, *args, **kwargs)


class ContentAdmin(
    TranslationColumnsMixin,
    AccessibilityCheckMixin,
    ApprovalWorkflowMixin,
    ConflictCheckMixin,
    ChangedFieldsMessageMixin,
    VersionAdmin,
):
    """Base admin for content: every change is kept in the history and can be undone; on
    the kinds reviewed before publication, the Secrétariat's changes to public records wait
    for approval (backoffice/approval_admin.py)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Accessibility of the rich text and pictures, checked on the server: a warning,
        # never a refusal.
        for label, warnings in record_warnings(obj):
            self.message_user(
                request,
                format_html(
                    "{} <ul>{}</ul>",
                    gettext("Accessibilité de « %(field)s » : à revoir avant de publier.")
                    % {"field": label},
                    format_html_join("", "<li>{}</li>", ((warning,) for warning in warnings)),
                ),
                messages.WARNING,
            )

    save_on_top = True
    # Each row of a list costs about a millisecond of rendering (checkbox widget, icons,
    # links): 50 rows keep a list of 10,000 news items well under 100 ms.
    list_per_page = 50
    # Django counts the whole table a second time for « N au total » beside a filtered
    # count: one scan of a large table saved on every list.
    show_full_result_count = False
    # The history reads like a diary, most recent change first.
    history_latest_first = True
    # Reversion's history page, with a « Comparer » link on each version.
    object_history_template = "admin/content_history.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/historique/<int:version_id>/comparer/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        actions = getattr(response, "context_data", {}).get("action_list")
        if actions:
            version_by_revision = dict(
                Version.objects.get_for_object_reference(
                    self.model, unquote(object_id)
                ).values_list("revision_id", "pk")
            )
            info = self.opts.app_label, self.opts.model_name
            for action in actions:
                action["compare_url"] = reverse(
                    "admin:{}_{}_compare".format(*info),
                    args=[object_id, version_by_revision[action["revision"].pk]],
                    current_app=self.admin_site.name,
                )
        return response

    def compare_view(self, request, object_id, version_id):
        """A version of the history next to the record as it is now, changes first."""
        obj = self.get_object(request, unquote(object_id))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        if obj is None:
            raise Http404(gettext("Cet élément n'existe pas ou a été supprimé."))
        version = (
            Version.objects.get_for_object(obj)
            .select_related("revision__user")
            .filter(pk=version_id)
            .first()
        )
        if version is None:
            raise Http404(gettext("Cette version n'existe pas dans l'historique de cet élément."))
        info = self.opts.app_label, self.opts.model_name
        history_url = reverse(
            "admin:{}_{}_history".format(*info),
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )
        try:
            comparisons = compare_with_current(obj, version)
        except RevertError:
            # Data kept by an older version of the site that can no longer be read.
            messages.error(request, gettext("Cette version ne peut plus être lue."))
            return HttpResponseRedirect(history_url)
        restore_url = None
        if self.has_change_permission(request, obj):
            restore_url = reverse(
                "admin:{}_{}_revision".format(*info),
                args=[quote(obj.pk), version.pk],
                current_app=self.admin_site.name,
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": gettext("Comparer « %(object)s » avec une version précédente")
            % {"object": obj},
            "version": version,
            "changed": [row for row in comparisons if row.changed],
            "unchanged": [row for row in comparisons if not row.changed],
            "history_url": history_url,
            "restore_url": restore_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/content_compare.html", context)

    def view_on_site(self, obj):
        """« Voir sur le site » leads to the record's public address, relative to this
        server: the sites framework's domain is not set per deployment, and staff checking
        a draft must land where they are logged in. No button without a public page."""
        if hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
        return None

    def keep_current_state(self, request, objects):
        """Record the state of records that have no history yet (created by a migration,
        an import or before history existed), so that the first change or deletion made
        in the admin can still be undone. Must run outside any open revision: inside one,
        this state would be merged with the change that follows."""
        objects = list(objects)
        versioned = set(
            Version.objects.get_for_model(self.model)
            .filter(object_id__in=[str(obj.pk) for obj in objects])
            .values_list("object_id", flat=True)
        )
        unversioned = [obj for obj in objects if str(obj.pk) not in versioned]
        if not unversioned:
            return
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(gettext("État enregistré avant la première modification."))
            for obj in unversioned:
                reversion.add_to_revision(obj)

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin runs the whole list page (and so every bulk action) in one revision;
        # the state before an action is recorded first, in a revision of its own.
        if request.method == "POST" and "action" in request.POST and "_save" not in request.POST:
            if request.POST.get("select_across") == "1":
                selected = self.get_queryset(request)
            else:
                pks = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
                selected = self.get_queryset(request).filter(pk__in=pks)
            if self.has_change_permission(request) or self.has_delete_permission(request):
                self.keep_current_state(request, selected)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_change_permission(request, obj):
                self.keep_current_state(request, [obj])
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_delete_permission(request, obj):
                self.keep_current_state(request, [obj])
        return super().delete_view(request, object_id, extra_context)

    def delete_queryset(self, request, queryset):
        # Reached from the bulk delete action, whose state changelist_view already kept;
        # this covers any other caller so that deleted records stay recoverable.
        self.keep_current_state(request, queryset)
        super().delete_queryset(request, queryset)


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

    The publish and unpublish actions change what the public sees at once, so they ask
    for confirmation on an intermediate page (as Django's bulk delete does), are recorded
    in the history as one revision, and name the records they changed.
    """

    list_filter = [PublicationStateFilter]
    actions = ["publish_now", "unpublish"]
    change_form_template = "admin/backoffice/publishable_change_form.html"

    class Media:
        # « Copier le lien » of the preview links (a static file: the admin's CSP).
        js = ["admin-extra/copy-link.js"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # A published address is promised to readers (core.slugs.StableSlug): shown, not
        # edited; in each language once it exists in that language.
        return readonly + _locked_slugs(obj)

    def get_prepopulated_fields(self, request, obj=None):
        locked = _locked_slugs(obj)
        prepopulated = super().get_prepopulated_fields(request, obj)
        return {name: sources for name, sources in prepopulated.items() if name not in locked}

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

    @admin.action(
        description=_("Publier maintenant les éléments sélectionnés"), permissions=["change"]
    )
    def publish_now(self, request, queryset):
        to_change = [obj for obj in queryset if not obj.is_published()]
        if not self._confirmed(request):
            return self._confirmation_page(
                request,
                queryset,
                action="publish_now",
                question=_("Publier maintenant ces éléments ? Ils seront visibles de tous."),
                to_change=to_change,
            )
        now = timezone.now()
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(gettext("Publié maintenant (action groupée)."))
            for obj in to_change:
                obj.status = PublicationStatus.PUBLISHED
                obj.published_at = now
                obj.save()
        self._report(
            request,
            to_change,
            gettext("Publié maintenant : %(names)s."),
            gettext("Aucun élément à publier : la sélection était déjà publiée."),
        )
        return None

    @admin.action(
        description=_("Repasser en brouillon les éléments sélectionnés"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        to_change = list(queryset.exclude(status=PublicationStatus.DRAFT))
        # Taking a public record down is a change of what visitors see: it waits for
        # approval like the form's (backoffice/approval_admin.py), never bypassed here.
        waiting = [obj for obj in to_change if workflow.must_wait(request.user, obj)]
        if waiting:
            self.message_user(
                request,
                gettext(
                    "Validation avant publication : %(names)s reste en ligne. Repassez-le en "
                    "brouillon depuis son formulaire, puis soumettez la modification."
                )
                % {"names": named_list(waiting)},
                messages.WARNING,
            )
            to_change = [obj for obj in to_change if obj not in waiting]
            queryset = queryset.exclude(pk__in=[obj.pk for obj in waiting])
        if not self._confirmed(request):
            return self._confirmation_page(
                request,
                queryset,
                action="unpublish",
                question=_(
                    "Repasser ces éléments en brouillon ? Ils ne seront plus visibles du public."
                ),
                to_change=to_change,
            )
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(gettext("Repassé en brouillon (action groupée)."))
            for obj in to_change:
                obj.status = PublicationStatus.DRAFT
                obj.save()
        self._report(
            request,
            to_change,
            gettext("Repassé en brouillon : %(names)s."),
            gettext("Aucun élément à repasser en brouillon : la sélection l'était déjà."),
        )
        return None

    @staticmethod
    def _confirmed(request):
        return request.POST.get("confirmation") == "oui"

    def _confirmation_page(self, request, queryset, *, action, question, to_change):
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": capfirst(self.get_actions(request)[action][2]),
            "question": question,
            "opts": opts,
            "queryset": queryset,
            "to_change": to_change,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/publication_confirmation.html", context)

    def _report(self, request, changed, message, nothing_message):
        if changed:
            self.message_user(request, message % {"names": named_list(changed)}, messages.SUCCESS)
        else:
            self.message_user(request, nothing_message, messages.WARNING)


class SingletonAdmin(ContentAdmin):
    """One record that staff edit but never add a second of, nor delete."""

    def has_add_permission(self, request):
        return not self.model.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


def _locked_slugs(obj):
    if obj is None or not hasattr(obj, "locked_slug_fields"):
        return []
    return obj.locked_slug_fields()
