from django.contrib import admin, messages
from django.contrib.redirects.admin import RedirectAdmin
from django.contrib.redirects.models import Redirect
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from programme.admin_tools import (
    ChangedFieldsMessageMixin,
    ContentAdmin,
    PublishableAdmin,
    named_list,
)
from programme.models import (
    AdmissionPhase,
    ContactMessage,
    Course,
    Image,
    Page,
    PreviewLink,
    Programme,
    ProgrammeContact,
    Section,
    Semester,
    SiteIdentity,
    TeachingUnit,
)
from programme.preview import preview_link_revoke
from programme.redirects_import import RedirectImportForm, redirects_import

# Staff paste addresses without « https:// » more often than not: assume it.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class SingletonAdmin(ContentAdmin):
    """One record that staff edit but never add a second of, nor delete."""

    def has_add_permission(self, request):
        return not self.model.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SiteIdentity)
class SiteIdentityAdmin(SingletonAdmin):
    fieldsets = [
        (_("UFR"), {"fields": ["ufr_name", "ufr_address", "ufr_phone", "contact_email", "logo"]}),
        (
            _("Université"),
            {"fields": ["university_name", "university_address", "university_phone"]},
        ),
        (_("Accessibilité"), {"fields": ["accessibility_compliance"]}),
    ]
    list_display = ["__str__", "ufr_name", "ufr_phone", "contact_email", "updated_at"]


class ProgrammeContactInline(admin.StackedInline):
    model = ProgrammeContact
    extra = 0
    fields = [("role", "order"), ("name", "title"), ("email", "phone"), "office", "opening_hours"]


@admin.register(Programme)
class ProgrammeAdmin(SingletonAdmin):
    list_display = ["name", "degree", "updated_at"]
    formfield_overrides = HTTPS_URLS
    inlines = [ProgrammeContactInline]
    readonly_fields = ["completeness"]
    fieldsets = [
        (_("Ce qu'il manque aux futurs étudiants"), {"fields": ["completeness"]}),
        (
            _("Le diplôme"),
            {
                "fields": [
                    "name",
                    "degree",
                    ("mention", "speciality"),
                    "level",
                    ("duration", "ects"),
                    "pitch",
                ]
            },
        ),
        (
            _("Rythme, lieu et capacité"),
            {
                "fields": [
                    ("offers_initial", "offers_continuing", "offers_work_study", "offers_vae"),
                    "place",
                    "capacity",
                ]
            },
        ),
        (
            _("Objectifs et débouchés"),
            {"fields": ["objectives", "skills", "audience", "careers", "internship"]},
        ),
        (
            _("Frais et candidature"),
            {
                "fields": [
                    ("registration_fee", "cvec_fee", "fees_academic_year"),
                    "fees_notes",
                    "monmaster_url",
                ],
                "description": _(
                    "Les dates de candidature se saisissent dans « Phases de candidature »."
                ),
            },
        ),
    ]

    @admin.display(description=_("vérification"))
    def completeness(self, obj):
        if obj is None or obj.pk is None:
            return _("Enregistrez la fiche pour voir ce qu'il manque.")
        missing = obj.missing_information()
        if not missing:
            return _("La fiche est complète : un futur étudiant y trouve l'essentiel.")
        return format_html(
            "<p>{}</p><ul>{}</ul>",
            _("Un futur étudiant ne trouvera pas sur le site :"),
            format_html_join("", "<li>{}</li>", ((item,) for item in missing)),
        )


@admin.register(AdmissionPhase)
class AdmissionPhaseAdmin(ContentAdmin):
    list_display = ["label", "track", "opens_on", "closes_on"]
    formfield_overrides = HTTPS_URLS
    list_filter = ["track"]
    search_fields = ["label", "notes"]
    date_hierarchy = "opens_on"
    fields = ["track", "label", ("opens_on", "closes_on"), "url", "notes"]

    def view_on_site(self, obj):
        return reverse("programme:presentation") + "#admission"


class SubSectionInline(admin.StackedInline):
    model = Section
    fk_name = "parent"
    extra = 0
    # No anchor field here: two new sub-parts with a blank anchor would clash in the
    # formset's uniqueness check; each gets its anchor from its title when saved.
    fields = [("title", "order"), ("status", "published_at"), "body"]
    verbose_name = _("sous-partie")
    verbose_name_plural = _("sous-parties (« a. », « b. »…), dans l'ordre du champ « ordre »")
    show_change_link = True


class SectionLevelFilter(admin.SimpleListFilter):
    title = _("niveau")
    parameter_name = "niveau"

    def lookups(self, request, model_admin):
        return [("parties", _("Grandes parties")), ("sous-parties", _("Sous-parties"))]

    def queryset(self, request, queryset):
        match self.value():
            case "parties":
                return queryset.filter(parent__isnull=True)
            case "sous-parties":
                return queryset.filter(parent__isnull=False)
        return queryset


@admin.register(Section)
class SectionAdmin(PublishableAdmin):
    list_display = ["title", "parent", "order", "publication_state", "updated_at"]
    list_editable = ["order"]
    list_filter = [SectionLevelFilter, *PublishableAdmin.list_filter]
    list_select_related = ["parent"]
    search_fields = ["title", "body"]
    ordering = ["parent__order", "parent_id", "order", "pk"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "parent", "order", "body"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Adresse"), {"fields": ["slug"], "classes": ["collapse"]}),
    ]
    inlines = [SubSectionInline]

    def get_inlines(self, request, obj):
        # Only a top-level part holds sub-parts (two levels, like the original site).
        if obj is not None and obj.parent_id is not None:
            return []
        return super().get_inlines(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Section.objects.filter(parent__isnull=True).order_by("order")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CourseInline(admin.TabularInline):
    model = Course
    extra = 0
    fields = ["title", "hours_cm", "hours_td", "order"]


@admin.register(TeachingUnit)
class TeachingUnitAdmin(ContentAdmin):
    list_display = ["__str__", "semester", "ects", "hours_cm", "hours_td", "course_count"]
    list_filter = ["semester"]
    list_select_related = ["semester"]
    search_fields = ["code", "title"]
    inlines = [CourseInline]
    fields = [
        "semester",
        ("code", "title"),
        ("ects", "hours_cm", "hours_td"),
        "description",
        "order",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_courses=Count("courses"))

    @admin.display(description=_("enseignements"), ordering="number_of_courses")
    def course_count(self, obj):
        return obj.number_of_courses


class TeachingUnitInline(admin.TabularInline):
    model = TeachingUnit
    extra = 0
    fields = ["code", "title", "ects", "hours_cm", "hours_td", "order"]
    show_change_link = True


@admin.register(Semester)
class SemesterAdmin(PublishableAdmin):
    list_display = ["title", "order", "ects_total", "hours_total", "publication_state"]
    list_editable = ["order"]
    search_fields = ["title", "units__title", "units__code"]
    fields = ["title", "order", "summary", "status", "published_at"]
    inlines = [TeachingUnitInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_totals()

    @admin.display(description=_("crédits ECTS"), ordering="total_ects")
    def ects_total(self, obj):
        if obj.has_expected_ects:
            return obj.total_ects
        return format_html(
            "<strong>{} ⚠ {}</strong>",
            obj.total_ects,
            _("(attendu : %(ects)s)") % {"ects": Semester.EXPECTED_ECTS},
        )

    @admin.display(description=_("heures (CM + TD)"))
    def hours_total(self, obj):
        return obj.total_hours

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # get_object() reads through get_queryset(): the semester comes with its totals.
        semester = self.get_object(request, object_id)
        if semester is not None and request.method == "GET":
            warn_about_ects(request, semester)
        return super().change_view(request, object_id, form_url, extra_context)


def warn_about_ects(request, semester):
    """A semester of a master's degree is worth 30 ECTS: say so when the units disagree."""
    if semester.has_expected_ects:
        return
    messages.warning(
        request,
        _(
            "« %(title)s » totalise %(ects)s crédits ECTS avec ses unités d'enseignement, "
            "au lieu des %(expected)s attendus pour un semestre."
        )
        % {
            "title": semester.title,
            "ects": semester.total_ects,
            "expected": Semester.EXPECTED_ECTS,
        },
    )


@admin.register(Image)
class ImageAdmin(ContentAdmin):
    list_display = ["__str__", "thumbnail", "width", "height", "is_decorative", "created_at"]
    search_fields = ["alt_text", "credit", "file"]
    list_filter = ["is_decorative"]
    readonly_fields = ["thumbnail", "width", "height"]
    fields = ["file", "thumbnail", "alt_text", "is_decorative", "credit", "width", "height"]

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


# --- Site pages: fixed pages, contact messages, redirects ------------------------------


@admin.register(Page)
class PageAdmin(ContentAdmin):
    list_display = ["title", "public_address", "review_notice", "updated_at"]
    list_filter = ["needs_review"]
    search_fields = ["title", "summary", "body"]
    readonly_fields = ["slug", "public_address", "updated_at"]
    autocomplete_fields = ["map_image"]
    fieldsets = [
        (None, {"fields": ["slug", "public_address", "needs_review", "title", "summary", "body"]}),
        (
            _("Plans d'accès seulement"),
            {"fields": ["map_image", "directions"], "classes": ["collapse"]},
        ),
        (None, {"fields": ["updated_at"]}),
    ]

    def has_add_permission(self, request):
        # The four pages exist from the start; their addresses are linked by the layout.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("adresse publique"))
    def public_address(self, obj):
        url = obj.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.display(description=_("à vérifier"), boolean=True, ordering="needs_review")
    def review_notice(self, obj):
        return obj.needs_review

    def change_view(self, request, object_id, form_url="", extra_context=None):
        page = self.get_object(request, object_id)
        if page is not None and page.needs_review:
            messages.warning(
                request,
                _(
                    "Texte proposé à la mise en ligne, à vérifier par le secrétariat : "
                    "relisez-le, complétez ce qui est marqué « À compléter », puis décochez "
                    "« à vérifier par le secrétariat »."
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(ContactMessage)
class ContactMessageAdmin(ChangedFieldsMessageMixin, admin.ModelAdmin):
    list_display = ["subject", "name", "email", "created_at", "is_handled"]
    list_filter = ["is_handled", ("created_at", admin.DateFieldListFilter)]
    list_editable = ["is_handled"]
    search_fields = ["name", "email", "subject", "message"]
    date_hierarchy = "created_at"
    readonly_fields = ["name", "email", "subject", "message", "consented_at", "created_at"]
    fields = [*readonly_fields, "is_handled"]
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Marquer comme traité"), permissions=["change"])
    def mark_handled(self, request, queryset):
        changed = list(queryset.filter(is_handled=False))
        queryset.filter(pk__in=[message.pk for message in changed]).update(is_handled=True)
        if changed:
            self.message_user(
                request,
                gettext("Marqué comme traité : %(names)s.") % {"names": named_list(changed)},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext("Rien à marquer : la sélection était déjà traitée."),
                messages.WARNING,
            )


admin.site.unregister(Redirect)


@admin.register(Redirect)
class RedirectWithImportAdmin(RedirectAdmin):
    """Django's redirects, plus an import of old addresses from a CSV file."""

    change_list_template = "admin/redirects/redirect/change_list.html"

    def get_urls(self):
        return [
            path(
                "importer/",
                self.admin_site.admin_view(self.import_view),
                name="redirects_redirect_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        report = None
        if request.method == "POST":
            form = RedirectImportForm(request.POST, request.FILES)
            if form.is_valid():
                report = redirects_import(form.cleaned_data["csv_file"])
        else:
            form = RedirectImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Importer des redirections"),
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/redirects/redirect/import.html", context)
