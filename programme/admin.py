import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import BooleanField, Case, Count, F, Max, Subquery, When
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from backoffice.accessibility import AccessibilityCheckMixin
from backoffice.admin_tools import (
    ContentAdmin,
    PublishableAdmin,
    admin_change_url,
)
from backoffice.translation_admin import TranslationColumnsMixin
from core.fragments import cached_fragment
from core.publication import PublicationStatus
from programme.insersup import (
    Filters,
    InsersupError,
    InsersupImportForm,
    default_filters,
    insersup_import,
)
from programme.models import (
    AcademicYear,
    AdmissionPhase,
    Course,
    OfficialInsertionFigure,
    Programme,
    ProgrammeContact,
    Section,
    Semester,
    SkillBlock,
    TeachingUnit,
    current_year_id,
    number_sections,
    translation_gaps,
)
from programme.services import academic_year_prepare_next

# Staff paste addresses without « https:// » more often than not: assume it.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class ProgrammeContactInline(TranslationColumnsMixin, admin.StackedInline):
    model = ProgrammeContact
    extra = 0
    fields = [("role", "order"), ("name", "title"), ("email", "phone"), "office", "opening_hours"]


class SkillBlockInline(TranslationColumnsMixin, AccessibilityCheckMixin, admin.StackedInline):
    model = SkillBlock
    extra = 0
    fields = [("code", "order"), "title", "description", "units"]
    autocomplete_fields = ["units"]
    verbose_name_plural = _("blocs de compétences de la certification (fiche RNCP)")


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
    inlines = [SkillBlockInline, ProgrammeContactInline]
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
            {"fields": ["name", "degree", ("mention", "speciality"), "pitch"]},
        ),
        (
            _("Certification"),
            {
                "fields": [("degree_level", "rncp_code")],
                "description": _("Les blocs de compétences se saisissent plus bas, sous la fiche."),
            },
        ),
        (_("Objectifs et compétences"), {"fields": ["objectives", "skills"]}),
        (
            _("Organisation"),
            {
                "fields": [
                    # The durations' precision has an English twin: on its own row with it.
                    ("duration_months", "ects"),
                    "duration",
                    "rhythm",
                    "place",
                    ("teaching_language", "starts_on"),
                    ("capacity_m1", "capacity_m2"),
                    "internship",
                ],
                "description": _(
                    "Le total des crédits ECTS est comparé à celui des semestres de la maquette."
                ),
            },
        ),
        (
            _("Modalités de formation"),
            {"fields": [("offers_initial", "offers_continuing", "offers_work_study")]},
        ),
        (
            _("Formation continue"),
            {
                "fields": [
                    "continuing_price",
                    ("funding_cpf", "funding_employer", "funding_transitions_pro"),
                    ("funding_vae", "offers_vae"),
                    "continuing_notes",
                ],
                "description": _("Affiché seulement si « formation continue » est coché."),
            },
        ),
        (
            _("Alternance"),
            {
                "fields": [
                    ("offers_apprenticeship", "offers_professionalisation"),
                    "work_study_rhythm",
                    ("cfa_name", "cfa_url"),
                    "employer_notes",
                ],
                "description": _(
                    "Cocher un contrat coche aussi « alternance ». Quand l'apprentissage est "
                    "proposé, le site indique que l'apprenti ne paie pas de droits d'inscription."
                ),
            },
        ),
        (
            _("Admission (comme sur MonMaster)"),
            {
                "fields": [
                    "audience",
                    "admission_expectations",
                    "admission_criteria",
                    "admission_documents",
                    "admission_steps",
                    "monmaster_url",
                ],
                "description": _(
                    "Les dates de candidature se saisissent dans « Phases de candidature »."
                ),
            },
        ),
        (
            _("Frais"),
            {
                "fields": [
                    ("registration_fee", "cvec_fee", "fees_academic_year"),
                    "fees_notes",
                ],
            },
        ),
        (
            _("Candidats internationaux"),
            {
                "fields": [
                    "international_url",
                    "french_level",
                    "french_certificates",
                    "international_email",
                ],
            },
        ),
        (
            _("Débouchés"),
            {"fields": ["careers", "sectors", "rome_codes", "further_study"]},
        ),
        (
            _("Handicap"),
            {
                "fields": [
                    "disability_contact_name",
                    ("disability_contact_email", "disability_contact_phone"),
                    "disability_adjustments",
                ],
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
        stored = getattr(obj, "stored_completeness", None)
        return stored if stored is not None else self._completeness(obj)

    def _completeness(self, obj):
        # Read once for both reports.
        related = {
            "phases": list(AdmissionPhase.objects.filter(year_id=obj.year_id).for_block()),
            "contacts": list(obj.contacts.all()),
            "skill_blocks": list(obj.skill_blocks.all()),
        }
        missing = obj.missing_information(**related)
        if not missing:
            facts = format_html(
                "<p>{}</p>", _("La fiche est complète : un futur étudiant y trouve l'essentiel.")
            )
        else:
            facts = format_html(
                "<p>{}</p><ul>{}</ul>",
                _("Un futur étudiant ne trouvera pas sur le site :"),
                format_html_join("", "<li>{}</li>", ((item,) for item in missing)),
            )
        return format_html("{}{}", facts, translation_summary(translation_gaps(obj, **related)))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        programme = self.get_object(request, object_id)
        if programme is not None and request.method == "GET":
            warn_about_programme_ects(request, programme)
            # The check reads the fiche and every part of the presentation (some 8 ms with a
            # hundred parts): kept under the content version, which any edit moves on. The
            # record shown is this one (backoffice.fetched_once), unless a pending change is
            # applied to be shown: that one, read afresh, is checked as it is.
            programme.stored_completeness = cached_fragment(
                request,
                "fiche-completeness",
                (programme.pk,),
                lambda: self._completeness(programme),
                public_only=False,
            )
        return super().change_view(request, object_id, form_url, extra_context)


def translation_summary(gaps):
    """The English translations still missing, counted by field: a reminder, since the
    English page shows the French text meanwhile (publication is never held up)."""
    count = sum(len(fields) for _record, fields in gaps)
    if not count:
        return format_html(
            '<p class="translation-summary">{}</p>',
            _(
                "Tout est traduit en anglais : la page en anglais n'affiche aucun texte "
                "en français."
            ),
        )
    return format_html(
        '<details class="translation-summary"><summary>{}</summary><ul>{}</ul></details>',
        ngettext(
            "%(count)d champ sans traduction anglaise : la page en anglais l'affiche en français.",
            "%(count)d champs sans traduction anglaise : la page en anglais les affiche en "
            "français.",
            count,
        )
        % {"count": count},
        format_html_join(
            "", "<li>{} : {}</li>", ((record, ", ".join(fields)) for record, fields in gaps)
        ),
    )


def warn_about_programme_ects(request, programme):
    """The fiche's ECTS total must be what the curriculum's semesters add up to."""
    mismatch = programme.curriculum_ects_mismatch()
    if mismatch is None:
        return
    declared, curriculum = mismatch
    messages.warning(
        request,
        _(
            "La fiche annonce %(declared)s crédits ECTS, mais les semestres de la maquette "
            "en totalisent %(curriculum)s. Corrigez la fiche ou les unités d'enseignement."
        )
        % {"declared": declared, "curriculum": curriculum},
    )


@admin.register(SkillBlock)
class SkillBlockAdmin(ContentAdmin):
    list_display = ["code", "title", "order"]
    list_editable = ["order"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["units"]
    fields = ["programme", ("code", "order"), "title", "description", "units"]

    def view_on_site(self, obj):
        return obj.get_absolute_url()


@admin.register(AdmissionPhase)
class AdmissionPhaseAdmin(CurrentYearInitialMixin, ContentAdmin):
    list_display = ["label", "track", "phase", "year", "opens_on", "closes_on"]
    list_select_related = ["year"]
    formfield_overrides = HTTPS_URLS
    list_filter = ["year", "track", "phase"]
    search_fields = ["label", "notes"]
    date_hierarchy = "opens_on"
    fields = ["year", "track", ("label", "phase"), ("opens_on", "closes_on"), "url", "notes"]

    def view_on_site(self, obj):
        return obj.year.get_absolute_url() + "#admission"


class SubSectionForm(forms.ModelForm):
    """A sub-part of the inline: a new one takes its parent's publication state by default.

    For a new row the « état » list opens on « comme la partie parente » (empty value): the
    sub-part is then saved with the parent's status and date (`SectionAdmin.save_formset`),
    so a sub-part added to a published part shows up on /formation/ with it.
    """

    class Meta:
        model = Section
        fields = ["title", "order", "status", "published_at", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.inherits_state = False
        if self.instance.pk is None:
            status = self.fields["status"]
            status.required = False
            status.choices = [("", _("Comme la partie parente")), *status.choices]
            self.initial["status"] = ""
            self.fields["order"].required = False
            self.fields["order"].help_text = _("Laissez vide : la sous-partie va à la fin.")
            self.initial["order"] = None

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None and not cleaned_data.get("status"):
            # A placeholder that validates; the parent's state replaces it when saved.
            self.inherits_state = True
            cleaned_data["status"] = PublicationStatus.DRAFT
            cleaned_data["published_at"] = None
        if self.instance.pk is None and cleaned_data.get("order") is None:
            cleaned_data["order"] = 0
        return cleaned_data


class SubSectionInline(TranslationColumnsMixin, AccessibilityCheckMixin, admin.StackedInline):
    model = Section
    form = SubSectionForm
    fk_name = "parent"
    extra = 0
    # No anchor field here: two new sub-parts with a blank anchor would clash in the
    # formset's uniqueness check; each gets its anchor from its title when saved.
    fields = [("title", "order"), ("status", "published_at"), "body"]
    verbose_name = _("sous-partie")
    verbose_name_plural = _(
        "sous-parties (« a. », « b. »…) : une nouvelle va à la fin, publiée comme la partie"
    )
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


def section_numbers():
    """{pk: « 1. » or « 1. a. »} for every section, drafts included, in reading order."""
    sections = list(Section.objects.in_reading_order().only("pk", "parent_id", "order"))
    number_sections(sections)
    return {section.pk: getattr(section, "full_number", "") for section in sections}


def siblings_of(section):
    """The parts at the same level as `section` (same parent), in reading order."""
    return list(Section.objects.filter(parent_id=section.parent_id).order_by("order", "pk"))


@admin.register(Section)
class SectionAdmin(PublishableAdmin):
    list_display = ["number", "title", "publication_state", "move_buttons", "updated_at"]
    list_display_links = ["title"]
    list_filter = [SectionLevelFilter, *PublishableAdmin.list_filter]
    list_select_related = ["parent"]
    search_fields = ["title", "body", "title_en"]
    prepopulated_fields = {"slug": ["title"], "slug_en": ["title_en"]}
    fieldsets = [
        (None, {"fields": ["title", "parent", "order", "body"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (_("Adresse"), {"fields": [("slug", "slug_en")], "classes": ["collapse"]}),
    ]
    inlines = [SubSectionInline]

    class Media:
        css = {"all": ["admin-extra/sections.css"]}

    def get_inlines(self, request, obj):
        # Only a top-level part holds sub-parts (two levels, like the original site).
        if obj is not None and obj.parent_id is not None:
            return []
        return super().get_inlines(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Section.objects.filter(parent__isnull=True).order_by("order")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # Reading order in the list: each part, then its sub-parts (« 1. », « 1. a. », « 2. »).
    def get_ordering(self, request):
        return [
            Coalesce("parent__order", "order").asc(),
            Coalesce("parent_id", "id").asc(),
            F("parent_id").asc(nulls_first=True),
            "order",
            "pk",
        ]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        numbers = section_numbers()
        first_last = {}
        for section in Section.objects.order_by("parent_id", "order", "pk").only("pk", "parent_id"):
            group = first_last.setdefault(section.parent_id, [section.pk, section.pk])
            group[1] = section.pk
        for section in changelist.result_list:
            section.list_number = numbers.get(section.pk, "")
            first, last = first_last[section.parent_id]
            section.is_first, section.is_last = section.pk == first, section.pk == last
            section.can_move = self.has_change_permission(request, section)
        return changelist

    @admin.display(description=_("n°"))
    def number(self, obj):
        return getattr(obj, "list_number", "")

    @admin.display(description=_("déplacer"))
    def move_buttons(self, obj):
        if not getattr(obj, "can_move", False):
            return ""
        # Buttons of the list's form (it carries the CSRF token): no JavaScript needed.
        buttons = []
        for direction, label, disabled in [
            ("monter", _("monter"), obj.is_first),
            ("descendre", _("descendre"), obj.is_last),
        ]:
            if disabled:
                continue
            url = reverse(f"admin:programme_section_{direction}", args=[obj.pk])
            buttons.append(
                format_html(
                    '<button type="submit" class="button section-move" formaction="{}" '
                    'formmethod="post" formnovalidate aria-label="{} « {} »">{}</button>',
                    url,
                    label.capitalize(),
                    obj.title,
                    label,
                )
            )
        return format_html_join(" ", "{}", ((button,) for button in buttons))

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/monter/",
                wrap(require_POST(self.move_up_view)),
                name="programme_section_monter",
            ),
            path(
                "<path:object_id>/descendre/",
                wrap(require_POST(self.move_down_view)),
                name="programme_section_descendre",
            ),
            *super().get_urls(),
        ]

    def move_up_view(self, request, object_id):
        return self._move(request, object_id, -1)

    def move_down_view(self, request, object_id):
        return self._move(request, object_id, +1)

    def _move(self, request, object_id, step):
        """Swap the part with its neighbour among its siblings (same parent)."""
        section = self.get_object(request, object_id)
        if section is None:
            raise Http404
        if not self.has_change_permission(request, section):
            raise PermissionDenied
        changelist_url = reverse("admin:programme_section_changelist")
        with transaction.atomic():
            siblings = siblings_of(section)
            index = next(i for i, s in enumerate(siblings) if s.pk == section.pk)
            other = index + step
            if 0 <= other < len(siblings):
                siblings[index], siblings[other] = siblings[other], siblings[index]
                # Renumbered 10, 20, 30…: equal or crowded orders cannot block a move.
                with reversion.create_revision():
                    reversion.set_user(request.user)
                    reversion.set_comment(gettext("Ordre des parties changé."))
                    for position, sibling in enumerate(siblings, start=1):
                        if sibling.order != position * 10:
                            sibling.order = position * 10
                            sibling.save(update_fields=["order", "updated_at"])
                messages.success(
                    request,
                    gettext("« %(title)s » est maintenant « %(number)s ».")
                    % {"title": section.title, "number": section_numbers()[section.pk]},
                )
        return HttpResponseRedirect(changelist_url)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Section:
            return super().save_formset(request, form, formset, change)
        parent = form.instance
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        last_order = Section.objects.filter(parent=parent).aggregate(last=Max("order"))["last"] or 0
        added = []
        for child_form in formset.forms:
            obj = child_form.instance
            if obj not in instances or obj.pk is not None:
                continue
            if getattr(child_form, "inherits_state", False):
                obj.status, obj.published_at = parent.status, parent.published_at
            if not obj.order:
                last_order += 10
                obj.order = last_order
            last_order = max(last_order, obj.order)
            added.append(obj)
        for obj in instances:
            obj.save()
        formset.save_m2m()
        if added:
            numbers = section_numbers()
            for obj in added:
                messages.success(
                    request,
                    gettext("Sous-partie « %(title)s » ajoutée à « %(parent)s %(parent_title)s ».")
                    % {
                        "title": obj.title,
                        "parent": numbers.get(parent.pk, ""),
                        "parent_title": parent.title,
                    },
                )


class CourseInline(TranslationColumnsMixin, admin.TabularInline):
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


class TeachingUnitInline(TranslationColumnsMixin, admin.TabularInline):
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


@admin.register(OfficialInsertionFigure)
class OfficialInsertionFigureAdmin(ContentAdmin):
    """The ministry's figures: imported from its file, never typed (deleting is allowed)."""

    change_list_template = "admin/programme/officialinsertionfigure/change_list.html"
    list_display = [
        "cohort",
        "scope",
        "graduates",
        "insertion_rate_12_months",
        "insertion_rate_30_months",
        "file_date",
        "imported_at",
    ]
    list_filter = ["cohort_year", "degree"]
    search_fields = ["cohort", "discipline", "sector", "mention", "degree"]
    date_hierarchy = "file_date"
    fieldsets = [
        (
            _("Périmètre"),
            {
                "description": _(
                    "InserSup compte tous les sortants de ce diplôme et de cette discipline "
                    "à l'université, pas seulement ceux du master."
                ),
                "fields": [
                    "cohort",
                    ("uai", "institution"),
                    "degree",
                    ("domain", "discipline"),
                    ("sector", "mention"),
                ],
            },
        ),
        (
            _("Chiffres"),
            {
                "fields": [
                    "graduates",
                    ("insertion_rate_6_months", "insertion_rate_12_months"),
                    ("insertion_rate_18_months", "insertion_rate_24_months"),
                    "insertion_rate_30_months",
                    ("further_study_rate", "success_rate"),
                ]
            },
        ),
        (
            _("Source"),
            {"fields": ["source_name", "source_url", "file_name", "file_date", "imported_at"]},
        ),
    ]

    def has_add_permission(self, request):
        # Figures come from the ministry's file (« Importer un fichier InserSup »).
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def can_import(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}")

    @admin.display(description=_("périmètre"), ordering="discipline")
    def scope(self, obj):
        return obj.scope_label

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.can_import(request)}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "importer/",
                self.admin_site.admin_view(self.import_view),
                name="programme_officialinsertionfigure_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.can_import(request):
            raise PermissionDenied
        if request.method == "POST":
            form = InsersupImportForm(request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    report = insersup_import(
                        data["csv_file"],
                        filters=Filters(data["uai"], data["degree"], data["discipline"]),
                        file_date=data["file_date"],
                        file_name=request.FILES["csv_file"].name,
                    )
                except InsersupError as error:
                    form.add_error(None, str(error))
                else:
                    self.message_user(request, report.summary(), messages.SUCCESS)
                    return HttpResponseRedirect(
                        reverse("admin:programme_officialinsertionfigure_changelist")
                    )
        else:
            form = InsersupImportForm(initial=self.import_initial())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Importer un fichier InserSup"),
            "form": form,
        }
        return TemplateResponse(
            request, "admin/programme/officialinsertionfigure/import.html", context
        )

    def import_initial(self):
        """The settings' filters; the discipline of the last import when none is set."""
        initial = {**default_filters(), "file_date": timezone.localdate()}
        if not initial["discipline"]:
            latest = OfficialInsertionFigure.objects.order_by("-imported_at").first()
            initial["discipline"] = latest.discipline if latest else ""
        return initial
