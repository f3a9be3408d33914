"""No lost edits: a change form saved after someone else saved the same record is refused.

The change form carries a hidden token of the state it was opened from: the latest version
in the history (to show what changed since) and a hash of the record's values (which also
sees changes made outside the admin). On POST, a token that no longer matches the record
is a form-level error: nothing is saved, the form comes back with what the person typed,
and a table shows the other person's changes. The token is then renewed, so saving again
keeps the person's version knowingly.

The change page also says who else has the same record open: the page's script polls a
small endpoint that records its visitor in the cache for a short while.
"""

import hashlib
import json
import time

from django import forms
from django.contrib.admin.utils import quote, unquote
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from reversion.errors import RevertError
from reversion.models import Version

from backoffice.version_compare import compare_with_current

TOKEN_FIELD = "edit_token"
# How long someone counts as having a record open after the page last reported in; the
# page's script reports every 20 seconds.
PRESENCE_SECONDS = 50


def _fingerprint(obj):
    """A hash of every stored value of the record, its many-to-many links included."""
    values = [[field.attname, field.value_to_string(obj)] for field in obj._meta.concrete_fields]
    for field in obj._meta.many_to_many:
        pks = getattr(obj, field.name).values_list("pk", flat=True)
        values.append([field.name, sorted(str(pk) for pk in pks)])
    return hashlib.sha256(json.dumps(values, default=str).encode()).hexdigest()[:32]


def _latest_version(obj):
    return Version.objects.get_for_object(obj).select_related("revision__user").first()


def edit_token(obj):
    """« <latest version id>:<hash of the values> » for the record as stored now."""
    version = _latest_version(obj)
    return f"{version.pk if version else 0}:{_fingerprint(obj)}"


def _saved_since(obj, version_id):
    """Whether the admin saved the record after this version: its lines in other tables
    (the inlines) are in the history, not in the record's own values."""
    versions = Version.objects.get_for_object(obj)
    if version_id.isdigit() and int(version_id) > 0:
        return versions.filter(pk__gt=int(version_id)).exists()
    # Opened before any history: the first version is the state kept just before the first
    # change made in the admin (maybe this one), not a change.
    return versions.count() > 1


def _person(user):
    if user is None:
        return gettext("quelqu'un")
    return user.get_full_name() or user.get_username()


def describe_conflict(current, token):
    """What changed since the form was opened: who, when and the fields, both values."""
    version_id, _, _ = token.partition(":")
    versions = Version.objects.get_for_object(current).select_related("revision__user")
    opened = versions.filter(pk=version_id).first() if version_id.isdigit() else None
    if opened is None:
        # Opened before the record had any history: the state kept before the first
        # change made in the admin is the one the form showed.
        opened = versions.order_by("pk").first()
    latest = versions.first()
    rows = []
    if opened is not None:
        try:
            rows = [row for row in compare_with_current(current, opened) if row.changed]
        except RevertError:
            rows = []
    saved_by = latest if latest is not None and latest != opened else None
    return {
        "opened": opened,
        "rows": rows,
        "user": _person(saved_by.revision.user) if saved_by else None,
        "date": saved_by.revision.date_created if saved_by else None,
    }


class EditTokenField(forms.CharField):
    """Never one of the changes the person made (not in « Modifié : … »)."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class EditTokenForm(forms.ModelForm):
    """Mixed into the admin's change form: refuses a save over someone else's."""

    # What the admin shows of other tables on the same page (its inlines).
    related_labels = ()

    def clean(self):
        cleaned_data = super().clean()
        sent = (self.data.get(self.add_prefix(TOKEN_FIELD)) or "").strip()
        if not sent or self.instance.pk is None:
            # A form built elsewhere (a script, an older page) is not checked.
            return cleaned_data
        current = type(self.instance)._base_manager.filter(pk=self.instance.pk).first()
        if current is None:
            return cleaned_data
        token = edit_token(current)
        sent_version, _, sent_hash = sent.partition(":")
        if sent_hash == token.partition(":")[2] and not _saved_since(current, sent_version):
            return cleaned_data
        self.edit_conflict = describe_conflict(current, sent)
        # Saving again after reading the changes keeps this person's version.
        self.data = self.data.copy()
        self.data[self.add_prefix(TOKEN_FIELD)] = token
        raise forms.ValidationError(self._conflict_message(), code="edit_conflict")

    def _conflict_message(self):
        conflict = self.edit_conflict
        if conflict["user"]:
            who = gettext("%(user)s l'a enregistré le %(date)s") % {
                "user": conflict["user"],
                "date": formats.localize(timezone.localtime(conflict["date"])),
            }
        else:
            who = gettext("il a été enregistré ailleurs")
        labels = ", ".join(str(row.label).lower() for row in conflict["rows"])
        if labels:
            changed = gettext("Champs modifiés : %(fields)s.") % {"fields": labels}
        elif self.related_labels:
            # Only lines of the tables below changed (or nothing the history can tell).
            changed = gettext("Voyez les lignes de : %(related)s.") % {
                "related": ", ".join(f"« {label} »" for label in self.related_labels)
            }
        else:
            changed = ""
        return " ".join(
            part
            for part in [
                gettext("Cet élément a changé depuis que vous l'avez ouvert : %(who)s.")
                % {"who": who},
                changed,
                gettext(
                    "Rien n'a été enregistré et votre saisie est conservée ci-dessous. "
                    "Vérifiez ses modifications, puis enregistrez à nouveau pour remplacer "
                    "sa version par la vôtre."
                ),
            ]
            if part
        )


class ConflictCheckMixin:
    """For ModelAdmin: the edit token on change forms and the « who has it open » endpoint."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None or obj.pk is None:
            return super().get_form(request, obj, change, **kwargs)
        token = EditTokenField(required=False, initial=edit_token(obj))
        related = [
            str(inline.verbose_name_plural or inline.model._meta.verbose_name_plural)
            for inline in self.get_inline_instances(request, obj)
        ]
        base = kwargs.get("form", self.form)
        # The token is mixed into the form Django's get_form builds, not into a subclass of
        # it: each model form class built asks every model field for its form field again
        # (some 5 ms on the fiche formation). Django's own `form` argument replaces the form
        # it would derive, which drops declared fields shown read-only: dropped here too.
        attrs = {
            **dict.fromkeys(
                name
                for name in self.get_readonly_fields(request, obj)
                if name in base.declared_fields
            ),
            TOKEN_FIELD: token,
            "related_labels": related,
        }
        kwargs["form"] = type(base.__name__, (EditTokenForm, base), attrs)
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        # Rendered hidden at the top of the form, not as a row of the form.
        return [name for name in super().get_fields(request, obj) if name != TOKEN_FIELD]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/presence/",
                self.admin_site.admin_view(self.presence_view),
                name="{}_{}_presence".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "presence_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_presence",
                args=[quote(unquote(object_id))],
                current_app=self.admin_site.name,
            ),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        adminform = context.get("adminform")
        conflict = getattr(adminform.form, "edit_conflict", None) if adminform else None
        if conflict:
            opened = conflict["opened"]
            context["edit_conflict"] = {
                **conflict,
                "version_date": (
                    formats.localize(timezone.localtime(opened.revision.date_created))
                    if opened
                    else ""
                ),
            }
        return super().render_change_form(request, context, *args, **kwargs)

    @staticmethod
    def _presence_key(opts, pk):
        return f"admin-presence:{opts.label_lower}:{pk}"

    @staticmethod
    def _presence_name(user):
        return user.get_full_name() or user.get_username()

    def presence_view(self, request, object_id):
        """Records that this person has the record open; returns who else has it open."""
        return require_POST(self._presence)(request, object_id)

    def _presence(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("Cet élément n'existe pas ou a été supprimé."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        key = self._presence_key(self.opts, obj.pk)
        now = time.time()
        present = {
            user_id: entry
            for user_id, entry in (cache.get(key) or {}).items()
            if now - entry[1] < PRESENCE_SECONDS
        }
        present[str(request.user.pk)] = (self._presence_name(request.user), now)
        cache.set(key, present, PRESENCE_SECONDS)
        others = sorted(
            name for user_id, (name, _) in present.items() if user_id != str(request.user.pk)
        )
        return JsonResponse({"others": others})
