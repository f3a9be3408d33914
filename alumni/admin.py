import io

from django import forms
from django.contrib import admin, messages
from django.db.models import Case, Value, When
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alumni import services
from alumni.forms import checked_photo_upload, photo_upload_field
from alumni.models import (
    CONSENT_FIELDS,
    Alumnus,
    AlumnusStatus,
    ConsentMethod,
    ConsentRecord,
    OfficialOutcome,
    Sector,
    Submission,
    SubmissionStatus,
)
from backoffice.admin_tools import ContentAdmin, named_list


def photo_thumbnail(portrait):
    """The photo as staff see it, through the photo view (which lets staff see any photo)."""
    if portrait is None:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" style="max-width:200px;height:auto">',
        portrait.src,
        portrait.alt,
        portrait.width,
        portrait.height,
    )


@admin.register(Sector)
class SectorAdmin(ContentAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


class ConsentRecordInline(admin.TabularInline):
    """The ledger, read-only: consents change through the fields above, which add rows."""

    model = ConsentRecord
    fk_name = "alumnus"
    extra = 0
    can_delete = False
    fields = ["recorded_at", "scope", "is_granted", "method", "note"]
    readonly_fields = fields
    verbose_name_plural = _("historique des consentements")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AlumnusAdminForm(forms.ModelForm):
    consent_method = forms.ChoiceField(
        label=_("consentement recueilli par"),
        choices=[("", "—")] + ConsentMethod.choices,
        required=False,
        help_text=_("Obligatoire quand vous cochez ou décochez un consentement."),
    )
    consent_note = forms.CharField(
        label=_("précision sur le consentement"),
        required=False,
        max_length=300,
        help_text=_("Par exemple : « courriel du 3 mars 2025 », « formulaire papier signé »."),
    )
    # The photo is not chosen from the media library (public images): it is uploaded here
    # and kept in the private storage, like the photos sent with the update form.
    photo_upload = photo_upload_field(_("nouvelle photo"))
    remove_photo = forms.BooleanField(
        label=_("supprimer la photo"),
        required=False,
        help_text=_("La photo actuelle est effacée de nos fichiers à l'enregistrement."),
    )

    class Meta:
        model = Alumnus
        fields = [
            "first_name",
            "last_name",
            "cohort",
            "email",
            "status",
            "position",
            "employer",
            "sector",
            "city",
            "profile_url",
            "testimonial",
            "testimonial_en",
            "is_highlighted",
            "consents_to_name",
            "consents_to_career",
            "consents_to_photo",
            "consents_to_testimonial",
        ]

    def clean_photo_upload(self):
        return checked_photo_upload(self.cleaned_data.get("photo_upload"))

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("photo_upload") and cleaned_data.get("remove_photo"):
            self.add_error(
                "remove_photo",
                _("Envoyez une nouvelle photo ou supprimez l'actuelle, pas les deux à la fois."),
            )
        changed = [field for field in CONSENT_FIELDS.values() if field in self.changed_data]
        if changed and not cleaned_data.get("consent_method"):
            self.add_error(
                "consent_method",
                _("Indiquez comment ce consentement a été recueilli (il sera historisé)."),
            )
        return cleaned_data


@admin.register(Alumnus)
class AlumnusAdmin(ContentAdmin):
    form = AlumnusAdminForm
    list_display = [
        "full_name",
        "cohort",
        "status",
        "employer",
        "sector",
        "consents_to_name",
        "consents_to_career",
        "consents_to_photo",
        "consents_to_testimonial",
        "is_highlighted",
    ]
    list_display_links = ["full_name"]
    list_filter = [
        "status",
        "cohort",
        "sector",
        "consents_to_name",
        "consents_to_career",
        "consents_to_photo",
        "consents_to_testimonial",
        "is_highlighted",
    ]
    list_select_related = ["sector"]
    search_fields = ["full_name", "employer", "position", "email", "city"]
    ordering = ["-cohort", "last_name", "first_name"]
    readonly_fields = ["photo_preview", "created_at", "updated_at"]
    actions = ["publish", "hide", "export_csv"]
    inlines = [ConsentRecordInline]
    fieldsets = [
        (_("Identité"), {"fields": ["first_name", "last_name", "cohort", "email", "status"]}),
        (
            _("Parcours"),
            {"fields": ["position", "employer", "sector", "city", "profile_url"]},
        ),
        (
            _("Photo et témoignage"),
            {
                "fields": [
                    "photo_preview",
                    "photo_upload",
                    "remove_photo",
                    ("testimonial", "testimonial_en"),
                    "is_highlighted",
                ]
            },
        ),
        (
            _("Consentements (ce que le public peut voir)"),
            {
                "fields": [
                    "consents_to_name",
                    "consents_to_career",
                    "consents_to_photo",
                    "consents_to_testimonial",
                    "consent_method",
                    "consent_note",
                ],
                "description": _(
                    "Ne cochez une case qu'avec l'accord écrit de la personne. Chaque "
                    "changement est daté et gardé dans l'historique ci-dessous."
                ),
            },
        ),
        (_("Suivi"), {"fields": ["created_at", "updated_at"]}),
    ]

    def view_on_site(self, obj):
        # Only an entry the directory shows has somewhere to be seen.
        return obj.get_absolute_url() if obj.is_public() else None

    def save_model(self, request, obj, form, change):
        consents = {scope: getattr(obj, field) for scope, field in CONSENT_FIELDS.items()}
        if change:
            # Put the stored state back so that the service sees (and records) the change.
            for field in CONSENT_FIELDS.values():
                setattr(obj, field, form.initial.get(field, False))
        else:
            for field in CONSENT_FIELDS.values():
                setattr(obj, field, False)
        services.consent_record(
            obj,
            consents,
            form.cleaned_data.get("consent_method") or ConsentMethod.STAFF,
            note=form.cleaned_data.get("consent_note", ""),
        )
        if form.cleaned_data.get("photo_upload"):
            services.alumnus_photo_replace(obj, form.cleaned_data["photo_upload"])
        elif form.cleaned_data.get("remove_photo"):
            services.alumnus_photo_replace(obj, None)

    @admin.display(description=_("photo actuelle"))
    def photo_preview(self, obj):
        return photo_thumbnail(obj.photo if obj else None)

    def delete_model(self, request, obj):
        services.alumnus_erase(obj)

    def delete_queryset(self, request, queryset):
        for alumnus in queryset:
            services.alumnus_erase(alumnus)

    @admin.action(description=_("Publier"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(
            request,
            queryset,
            AlumnusStatus.PUBLISHED,
            gettext("Publié dans l'annuaire : %(names)s."),
            gettext("Rien à publier : la sélection était déjà publiée."),
        )

    @admin.action(description=_("Masquer"), permissions=["change"])
    def hide(self, request, queryset):
        self._set_status(
            request,
            queryset,
            AlumnusStatus.HIDDEN,
            gettext("Masqué de l'annuaire : %(names)s."),
            gettext("Rien à masquer : la sélection était déjà masquée."),
        )

    def _set_status(self, request, queryset, status, done_message, nothing_message):
        # Saved one by one (not `update()`): the public pages' cache sees the change.
        changed = list(queryset.exclude(status=status))
        for alumnus in changed:
            alumnus.status = status
            alumnus.save(update_fields=["status", "updated_at"])
        if changed:
            self.message_user(
                request, done_message % {"names": named_list(changed)}, messages.SUCCESS
            )
        else:
            self.message_user(request, nothing_message, messages.WARNING)

    @admin.action(description=_("Exporter en CSV (enquête d'insertion)"))
    def export_csv(self, request, queryset):
        stream = io.StringIO()
        services.alumni_write_csv(queryset, stream)
        # A byte-order mark so that spreadsheet software reads the accents correctly.
        response = HttpResponse("\ufeff" + stream.getvalue(), content_type="text/csv")
        filename = f"anciens-etudiants-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """The moderation queue. Not versioned: a rejected request must leave no copy behind."""

    change_form_template = "admin/alumni/submission/change_form.html"
    list_display = ["__str__", "status", "employer", "consent_summary", "alumnus", "created_at"]
    list_filter = ["status", "cohort"]
    list_select_related = ["alumnus"]
    search_fields = ["first_name", "last_name", "email", "employer"]
    date_hierarchy = "created_at"
    # The queue: requests still to review come first, newest first.
    ordering = [
        Case(When(status=SubmissionStatus.PENDING, then=Value(0)), default=Value(1)),
        "-created_at",
    ]
    autocomplete_fields = ["alumnus"]
    actions = ["approve", "reject"]
    fields = [
        "status",
        "first_name",
        "last_name",
        "email",
        "cohort",
        "position",
        "employer",
        "sector",
        "city",
        "profile_url",
        "testimonial",
        "testimonial_en",
        "photo_preview",
        "consents_to_name",
        "consents_to_career",
        "consents_to_photo",
        "consents_to_testimonial",
        "alumnus",
        "created_at",
        "reviewed_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo", "alumnus", "sector")

    def get_readonly_fields(self, request, obj=None):
        # What the alumnus sent is evidence of their consent: staff do not edit it here.
        readonly = [name for name in self.fields if name != "alumnus"]
        if obj is not None and obj.status != SubmissionStatus.PENDING:
            readonly.append("alumnus")
        return readonly

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        services.submission_delete(obj)

    def delete_queryset(self, request, queryset):
        for submission in queryset:
            services.submission_delete(submission)

    @admin.display(description=_("consentements"))
    def consent_summary(self, obj):
        labels = {"name": _("nom"), "career": _("poste"), "photo": _("photo")}
        labels["testimonial"] = _("témoignage")
        granted = [str(labels[scope]) for scope, value in obj.consents().items() if value]
        return ", ".join(granted) or _("aucun")

    @admin.display(description=_("photo"))
    def photo_preview(self, obj):
        return photo_thumbnail(obj.photo)

    def response_change(self, request, obj):
        for button, step in (
            ("_approve", lambda: services.submission_approve(obj)),
            ("_merge", lambda: services.submission_merge(obj, obj.alumnus)),
            ("_reject", lambda: services.submission_reject(obj)),
        ):
            if button in request.POST:
                try:
                    step()
                except services.ModerationError as error:
                    self.message_user(request, str(error), messages.ERROR)
                    return HttpResponseRedirect(request.path)
                self.message_user(request, self._done_message(button), messages.SUCCESS)
                queue = reverse("admin:alumni_submission_changelist")
                return HttpResponseRedirect(f"{queue}?status__exact=pending")
        return super().response_change(request, obj)

    @staticmethod
    def _done_message(button):
        return {
            "_approve": _("Demande approuvée : la fiche est publiée dans l'annuaire."),
            "_merge": _("Demande fusionnée dans la fiche existante."),
            "_reject": _("Demande rejetée ; sa photo éventuelle a été supprimée."),
        }[button]

    @admin.action(description=_("Approuver (nouvelles fiches publiées)"), permissions=["change"])
    def approve(self, request, queryset):
        self._bulk(request, queryset, services.submission_approve, _("approuvée(s)"))

    @admin.action(description=_("Rejeter"), permissions=["change"])
    def reject(self, request, queryset):
        self._bulk(request, queryset, services.submission_reject, _("rejetée(s)"))

    def _bulk(self, request, queryset, step, verb):
        done = list(queryset.filter(status=SubmissionStatus.PENDING))
        for submission in done:
            step(submission)
        if done:
            self.message_user(
                request,
                _("Demande(s) %(verb)s : %(names)s.") % {"verb": verb, "names": named_list(done)},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _("Aucune demande à traiter dans la sélection : elles l'étaient déjà."),
                messages.WARNING,
            )


@admin.register(OfficialOutcome)
class OfficialOutcomeAdmin(ContentAdmin):
    list_display = [
        "cohort",
        "insertion_rate_18_months",
        "insertion_rate_30_months",
        "median_net_monthly_salary",
        "response_rate",
        "surveyed_on",
    ]
    search_fields = ["cohort", "source_label"]
    date_hierarchy = "surveyed_on"

    def view_on_site(self, obj):
        # The figures are shown on the directory page, under their own heading.
        return reverse("alumni:directory") + "#titre-resultats"
