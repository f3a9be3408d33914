"""Approval before publication in the admin, for every content admin (`ContentAdmin`).

On a kind reviewed before publication (backoffice/workflow.py), a Secrétariat member's save
of a record the public sees runs as usual, then is rolled back and kept as the record's
pending revision. The change form then shows that pending content (applied in a transaction
rolled back once the page is rendered, inlines included) under a banner, with « Enregistrer
et soumettre pour validation ». The Responsable pédagogique compares it with the live version
on the review page and approves (now or at a date) or sends it back with a comment.
"""

from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.core.serializers.base import DeserializationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, path, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from reversion.errors import RevertError
from reversion.models import Version

from backoffice import workflow
from backoffice.fetched_once import forget_fetched
from backoffice.models import PendingRevisionState
from backoffice.version_compare import compare_with_current
from core.publication import mark_as_preview

SUBMIT_BUTTON = "_soumettre"


class ReviewForm(forms.Form):
    """The Responsable pédagogique's decision on a pending revision."""

    publish_at = forms.DateTimeField(
        label=_("Date et heure de publication"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"],
        help_text=_("Pour « Approuver et publier le … » : heure de Paris."),
    )
    comment = forms.CharField(
        label=_("Commentaire pour l'auteur"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatoire pour renvoyer la modification : dites ce qu'il faut reprendre."),
    )

    def __init__(self, *args, decision=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision

    def clean(self):
        cleaned_data = super().clean()
        if self.decision == "programmer":
            publish_at = cleaned_data.get("publish_at")
            if publish_at is None:
                self.add_error("publish_at", gettext("Indiquez la date et l'heure de publication."))
            elif publish_at <= timezone.now():
                self.add_error(
                    "publish_at",
                    gettext("Cette date est passée : choisissez une date à venir."),
                )
        if self.decision == "renvoyer" and not (cleaned_data.get("comment") or "").strip():
            self.add_error(
                "comment",
                gettext("Écrivez un commentaire : l'auteur doit savoir quoi reprendre."),
            )
        return cleaned_data


def _is_saved(response):
    """The admin answers a successful save with a redirect, a refused one with the form."""
    return response.status_code == 302


def _keep_messages_but_success(request):
    """Drop the « … a été modifiée » of a save that was rolled back; keep its warnings."""
    storage = messages.get_messages(request)
    kept = [message for message in storage if message.level != messages.SUCCESS]
    for message in kept:
        messages.add_message(request, message.level, message.message, message.extra_tags)


class ApprovalWorkflowMixin:
    """For ContentAdmin: pending revisions, the banner, the review page and its decisions."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/validation/",
                wrap(self.review_view),
                name="{}_{}_review".format(*info),
            ),
            path(
                "<path:object_id>/validation/apercu/",
                wrap(self.pending_preview_view),
                name="{}_{}_pending_preview".format(*info),
            ),
            path(
                "<path:object_id>/validation/abandonner/",
                wrap(require_POST(self.abandon_view)),
                name="{}_{}_abandon".format(*info),
            ),
            *super().get_urls(),
        ]

    def _workflow_url(self, name, obj):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )

    def _workflow_context(self, request, obj, revision):
        reviewed_kind = workflow.approval_required(type(obj))
        if revision is None and not reviewed_kind:
            return {}
        is_public = workflow.is_public(obj)
        held = workflow.must_wait(request.user, obj, reviewed_kind=reviewed_kind, public=is_public)
        return {
            "workflow": {
                "revision": revision,
                "held": held,
                "can_review": workflow.can_review(request.user),
                "is_public": is_public,
                "review_url": self._workflow_url("review", obj),
                "preview_url": (
                    self._workflow_url("pending_preview", obj)
                    if hasattr(obj, "get_absolute_url")
                    else ""
                ),
                "abandon_url": self._workflow_url("abandon", obj),
                "submit_button": SUBMIT_BUTTON,
                "submitted_by": workflow.person(revision.submitted_by) if revision else "",
                "reviewer": workflow.person(revision.reviewer) if revision else "",
            }
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            return super().change_view(request, object_id, form_url, extra_context)
        workflow.publish_due()
        revision = workflow.open_revision(obj)
        extra_context = {
            **(extra_context or {}),
            **self._workflow_context(request, obj, revision),
        }
        may_change = self.has_change_permission(request, obj)
        if request.method == "POST" and may_change and workflow.must_wait(request.user, obj):
            return self._hold_for_approval(request, object_id, form_url, extra_context, obj)
        if revision is None:
            return super().change_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and may_change:
            return self._publish_over_pending(request, object_id, form_url, extra_context, revision)
        # The form shows the pending content: applied, rendered, rolled back.
        return workflow.run_and_discard(
            lambda: self._rendered(request, object_id, form_url, extra_context, revision=revision)
        )

    def _rendered(self, request, object_id, form_url, extra_context, revision=None):
        if revision is not None:
            workflow.apply(revision)
            forget_fetched(request)  # the form shows the record as the revision has it
        response = super().change_view(request, object_id, form_url, extra_context)
        if hasattr(response, "render"):
            response.render()
        return response

    def _hold_for_approval(self, request, object_id, form_url, extra_context, obj):
        """Run the admin's save over the pending content (so that the form's token and
        inline lines match what it showed) and keep what it wrote as the pending revision."""
        revision = workflow.open_revision(obj)
        return self._hold(
            request,
            obj,
            lambda: self._rendered(request, object_id, form_url, extra_context, revision),
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """« Restaurer » from the history is a change like any other: it waits too."""
        obj = self.get_object(request, unquote(object_id))
        if (
            request.method == "POST"
            and obj is not None
            and self.has_change_permission(request, obj)
            and workflow.must_wait(request.user, obj)
        ):

            def restore():
                response = super(ApprovalWorkflowMixin, self).revision_view(
                    request, object_id, version_id, extra_context
                )
                if hasattr(response, "render"):
                    response.render()
                return response

            return self._hold(request, obj, restore)
        return super().revision_view(request, object_id, version_id, extra_context)

    def _hold(self, request, obj, save):
        """Run `save` (the admin's own view), keep what it wrote for `obj` as the pending
        revision, roll it all back: visitors keep the published version."""

        def capture():
            response = save()
            if not _is_saved(response):
                return response, None
            return response, workflow.capture(obj)

        response, entries = workflow.run_and_discard(capture)
        if entries is None:
            return response
        _keep_messages_but_success(request)
        with transaction.atomic():
            revision = workflow.revision_store(obj, workflow.mark_new_lines(entries), request.user)
            if SUBMIT_BUTTON in request.POST:
                workflow.revision_submit(
                    revision,
                    request.user,
                    request.build_absolute_uri(self._workflow_url("review", obj)),
                )
        if revision.state == PendingRevisionState.SUBMITTED:
            message = gettext(
                "Modification soumise pour validation : le responsable pédagogique est "
                "prévenu. Les visiteurs voient toujours la version publiée."
            )
        else:
            message = gettext(
                "Modification enregistrée, pas encore publiée : les visiteurs voient toujours "
                "la version publiée. Cliquez sur « Enregistrer et soumettre pour validation » "
                "quand elle est prête."
            )
        messages.success(request, message)
        return HttpResponseRedirect(self._workflow_url_change(obj))

    def changelist_view(self, request, extra_context=None):
        # Values edited in the list itself (an order…) would go live without approval.
        if (
            request.method == "POST"
            and "_save" in request.POST
            and self.list_editable
            and not workflow.can_review(request.user)
            and workflow.approval_required(self.model)
        ):
            messages.error(
                request,
                gettext(
                    "Ces contenus attendent la validation avant publication : modifiez-les "
                    "depuis le formulaire de chacun, puis soumettez la modification."
                ),
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().changelist_view(request, extra_context)

    def delete_model(self, request, obj):
        workflow.abandon_for_deleted([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        workflow.abandon_for_deleted(queryset)
        super().delete_queryset(request, queryset)

    def _workflow_url_change(self, obj):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )

    def _publish_over_pending(self, request, object_id, form_url, extra_context, revision):
        """A reviewer saving a record that has a pending change saves the form they saw
        (the pending content and their own edits): it goes live, the revision is closed."""
        with transaction.atomic():
            sid = transaction.savepoint()
            response = self._rendered(request, object_id, form_url, extra_context, revision)
            if not _is_saved(response):
                transaction.savepoint_rollback(sid)
                return response
            workflow.revision_published_directly(revision, request.user)
        return response

    def _revision_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("Cet élément n'existe pas ou a été supprimé."))
        if not (
            self.has_view_or_change_permission(request, obj) or workflow.can_review(request.user)
        ):
            raise PermissionDenied
        workflow.publish_due()
        revision = workflow.open_revision(obj)
        if revision is None:
            raise Http404(gettext("Aucune modification n'attend de validation pour cet élément."))
        return obj, revision

    def review_view(self, request, object_id):
        """The pending revision beside the live version; the reviewer's decision."""
        obj, revision = self._revision_or_404(request, object_id)
        can_review = workflow.can_review(request.user)
        decidable = can_review and revision.state in (
            PendingRevisionState.SUBMITTED,
            PendingRevisionState.APPROVED,
        )
        decision = next(
            (name for name in ("approuver", "programmer", "renvoyer") if name in request.POST),
            None,
        )
        form = ReviewForm(request.POST or None, decision=decision)
        if request.method == "POST":
            if not decidable or decision is None:
                raise PermissionDenied
            if form.is_valid():
                return self._decide(request, obj, revision, decision, form.cleaned_data)
        try:
            comparisons = self._compare(obj, revision)
        except (RevertError, DeserializationError):
            comparisons = None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "has_view_permission": self.has_view_or_change_permission(request),
            "object": obj,
            "revision": revision,
            "title": gettext("Modification en attente de « %(object)s »") % {"object": obj},
            "changed": [row for row in comparisons or [] if row.changed],
            "unchanged": [row for row in comparisons or [] if not row.changed],
            "unreadable": comparisons is None,
            "line_changes": workflow.line_changes(revision),
            "form": form,
            "decidable": decidable,
            "can_review": can_review,
            "change_url": self._workflow_url_change(obj),
            "preview_url": (
                self._workflow_url("pending_preview", obj)
                if hasattr(obj, "get_absolute_url")
                else ""
            ),
            "submitted_by": workflow.person(revision.submitted_by or revision.author),
            "reviewer": workflow.person(revision.reviewer),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            "admin/workflow_review.html",
            context,
        )

    @staticmethod
    def _compare(obj, revision):
        """Published version (old side) against the pending one (new side), field by field."""
        live = Version(
            content_type=revision.content_type,
            object_id=str(obj.pk),
            db=workflow.pending_object(revision)["db"],
            format="json",
            serialized_data=serializers.serialize("json", [obj]),
            object_repr=str(obj),
        )

        def compare():
            workflow.apply(revision)
            return compare_with_current(revision.target(), live)

        return workflow.run_and_discard(compare)

    def _decide(self, request, obj, revision, decision, data):
        if decision == "approuver":
            workflow.revision_approve(revision, request.user)
            message = gettext("Modification approuvée et publiée : les visiteurs la voient.")
        elif decision == "programmer":
            workflow.revision_approve(revision, request.user, data["publish_at"])
            message = gettext(
                "Modification approuvée : elle sera publiée le %(date)s, d'elle-même."
            ) % {"date": timezone.localtime(data["publish_at"]).strftime("%d/%m/%Y à %H:%M")}
        else:
            workflow.revision_send_back(
                revision,
                request.user,
                data["comment"].strip(),
                request.build_absolute_uri(self._workflow_url_change(obj)),
            )
            message = gettext("Modification renvoyée à son auteur avec votre commentaire.")
        messages.success(request, message)
        return HttpResponseRedirect(self._workflow_url_change(obj))

    def pending_preview_view(self, request, object_id):
        """The record's public page as it will be once the pending change is published, with
        a banner saying so: its public view runs over the pending state, then all is rolled
        back. Never cached nor indexed, like every preview."""
        obj, revision = self._revision_or_404(request, object_id)
        if not hasattr(obj, "get_absolute_url"):
            raise Http404(gettext("Ce contenu n'a pas de page publique."))
        public_path = urlsplit(obj.get_absolute_url()).path
        try:
            match = resolve(public_path)
        except Resolver404:
            raise Http404(gettext("Ce contenu n'a pas de page publique.")) from None

        def render():
            workflow.apply(revision)
            request.path = request.path_info = public_path
            request.resolver_match = match
            request.pending_preview_label = gettext(
                "Aperçu de la modification en attente — les visiteurs voient toujours la "
                "version publiée"
            )
            response = match.func(request, *match.args, **match.kwargs)
            if hasattr(response, "render"):
                response.render()
            return response

        return mark_as_preview(workflow.run_and_discard(render))

    def abandon_view(self, request, object_id):
        obj, revision = self._revision_or_404(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        workflow.revision_abandon(revision)
        messages.success(
            request,
            gettext("Modification abandonnée : la version publiée reste telle quelle."),
        )
        return HttpResponseRedirect(self._workflow_url_change(obj))
