import reversion
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, Case, Count, Subquery, When
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backoffice.admin_tools import (
    ContentAdmin,
    PublishableAdmin,
    admin_change_url,
)
from programme.models import (
    AcademicYear,
    AdmissionPhase,
    Course,
    Programme,
    ProgrammeContact,
    Section,
    Semester,
    TeachingUnit,
    current_year_id,
)
from programme.services import academic_year_prepare_next

# Staff paste addresses without « https:// » more often than not: assume it.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class ProgrammeContactInline(admin.StackedInline):
    model = ProgrammeContact
    extra = 0
    fields = [("role", "order"), ("name", "title"), ("email", "phone"), "office", "opening_hours"]


class CurrentYearInitialMixin:
    """New records of a yearly model start in the current academic year."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("year", current_year_id())
        return initial


@admin.register(AcademicYear)
class AcademicYearAdmin(PublishableAdmin):
    list_display = ["label", "publication_state", "is_current", "updated_at"]
    search_fields = ["label"]
    fields = ["label", "status", "published_at"]
    actions = ["prepare_next", *PublishableAdmin.actions]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # The label is the year's public address (/formation/2026-2027/): set once.
        if obj is not None and obj.pk is not None:
            readonly.append("label")
        return readonly

    def has_delete_permission(self, request, obj=None):
        # Deleting a year deletes its fiche, curriculum and phases: never the current one.
        if obj is not None and obj.pk == current_year_id():
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("année en cours"), boolean=True)
    def is_current(self, obj):
        return obj.is_current_year

    def get_queryset(self, request):
        current = AcademicYear.objects.current().values("pk")
        return (
            super()
            .get_queryset(request)
            .annotate(
                is_current_year=Case(
                    When(pk=Subquery(current), then=True),
                    default=False,
                    output_field=BooleanField(),
                )
            )
        )

    @admin.action(
        description=_("Préparer l'année suivante (copie en brouillon)"), permissions=["add"]
    )
    def prepare_next(self, request, queryset):
        years = list(queryset[:2])
        if len(years) != 1:
            self.message_user(
                request,
                gettext("Choisissez une seule année : celle à recopier pour l'année suivante."),
                messages.WARNING,
            )
            return None
        try:
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(
                    gettext("Préparée à partir de l'année %(label)s.") % {"label": years[0]}
                )
                new_year = academic_year_prepare_next(years[0])
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        self.message_user(
            request,
            gettext(
                "L'année %(new)s est prête, en brouillon : fiche, contacts, semestres, unités "
                "d'enseignement, enseignements et phases de candidature (dates décalées d'un "
                "an) sont recopiés de %(old)s. Modifiez-les, puis publiez l'année à la date "
                "où elle doit remplacer %(old)s sur le site."
            )
            % {"new": new_year, "old": years[0]},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(admin_change_url(new_year))


@admin.register(Programme)
class ProgrammeAdmin(ContentAdmin):
    list_display = ["name", "year", "degree", "updated_at"]
    list_select_related = ["year"]
    list_filter = ["year"]
    formfield_overrides = HTTPS_URLS
    inlines = [ProgrammeContactInline]
    readonly_fields = ["completeness"]
    fieldsets = [
        (_("Ce qu'il manque aux futurs étudiants"), {"fields": ["completeness"]}),
        (
            _("Année universitaire"),
            {
                "fields": ["year"],
                "description": _(
                    "Chaque année a sa fiche. Pour préparer l'année suivante, utilisez "
                    "l'action « Préparer l'année suivante » dans « Années universitaires »."
                ),
            },
        ),
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

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk is not None:
            readonly.append("year")
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "year":
            # A new fiche only for a year that has none.
            kwargs["queryset"] = AcademicYear.objects.filter(programme__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # A fiche goes with its year (deleting the year deletes it).
        return False

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
class AdmissionPhaseAdmin(CurrentYearInitialMixin, ContentAdmin):
    list_display = ["label", "track", "year", "opens_on", "closes_on"]
    list_select_related = ["year"]
    formfield_overrides = HTTPS_URLS
    list_filter = ["year", "track"]
    search_fields = ["label", "notes"]
    date_hierarchy = "opens_on"
    fields = ["year", "track", "label", ("opens_on", "closes_on"), "url", "notes"]

    def view_on_site(self, obj):
        return obj.year.get_absolute_url() + "#admission"


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
    list_display = ["__str__", "semester", "year", "ects", "hours_cm", "hours_td", "course_count"]
    list_filter = ["semester__year", "semester"]
    list_select_related = ["semester__year"]
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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "semester":
            kwargs["queryset"] = Semester.objects.select_related("year").order_by(
                "-year__label", "order", "pk"
            )
            formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
            # « Semestre 1 » exists in every year: say which one.
            formfield.label_from_instance = lambda semester: f"{semester} ({semester.year})"
            return formfield
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("année universitaire"), ordering="semester__year__label")
    def year(self, obj):
        return obj.semester.year

    @admin.display(description=_("enseignements"), ordering="number_of_courses")
    def course_count(self, obj):
        return obj.number_of_courses


class TeachingUnitInline(admin.TabularInline):
    model = TeachingUnit
    extra = 0
    fields = ["code", "title", "ects", "hours_cm", "hours_td", "order"]
    show_change_link = True


@admin.register(Semester)
class SemesterAdmin(CurrentYearInitialMixin, PublishableAdmin):
    list_display = ["title", "year", "order", "ects_total", "hours_total", "publication_state"]
    list_editable = ["order"]
    list_filter = ["year", *PublishableAdmin.list_filter]
    list_select_related = ["year"]
    ordering = ["-year__label", "order", "pk"]
    search_fields = ["title", "units__title", "units__code"]
    fields = ["year", "title", "order", "summary", "status", "published_at"]
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
