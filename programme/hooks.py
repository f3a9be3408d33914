"""What the programme gives the rest of the site: its sections, and the current year's fiche,
semesters, teaching units and admission phases as searchable content, its content models,
demo sections, and the admission phases in the admin's calendar (a year's switch, being a
scheduled publication, is in the calendar without being declared)."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from backoffice.admin_site import PRESENTATION, place_in_admin
from backoffice.admin_tools import admin_change_url
from core.registry import (
    ALL_MODELS,
    ContentApp,
    ContentKind,
    ScheduleEvent,
    register_admin_attention,
    register_content_app,
    register_content_kind,
    register_demo_content,
    register_derived_cache_key,
    register_schedule,
)
from programme.demo import generate_sections
from programme.models import (
    AcademicYear,
    AdmissionPhase,
    Programme,
    Section,
    Semester,
    TeachingUnit,
    number_sections,
    translation_gaps,
)
from programme.search_text import fiche_anchor


def public_sections():
    """Sections visitors may find (a sub-section of a hidden part stays hidden)."""
    return Section.objects.visible().select_related("parent")


def _current_year():
    return AcademicYear.objects.current().values("pk")


def current_fiche():
    """The current year's fiche (none before a year is published)."""
    return Programme.objects.filter(year__in=_current_year())


def current_semesters():
    """The published semesters of the current year, as /formation/ shows them."""
    return Semester.objects.published().filter(year__in=_current_year())


def current_teaching_units():
    """The teaching units of those semesters (a unit of a draft semester is not named)."""
    return TeachingUnit.objects.filter(semester__in=current_semesters())


def current_admission_phases():
    return AdmissionPhase.objects.filter(year__in=_current_year())


def _on_presentation(anchor=""):
    """The address of a part of /formation/ (the current year's page)."""
    url = reverse("programme:presentation")
    return f"{url}#{anchor}" if anchor else url


def section_site_map_links():
    """Each published top-level part, numbered, linking to its anchor on /formation/ (in
    English, the parts with an English title, on /en/programme/)."""
    sections = list(Section.objects.visible().in_language().in_reading_order())
    return [
        (f"{section.number} {section.localized.title}", section.get_absolute_url())
        for section in number_sections(sections)
    ]


def admission_phase_events(start, end):
    """Openings and closings of the admission phases between `start` and `end` (one query)."""
    first_day, last_day = timezone.localdate(start), timezone.localdate(end)
    phases = (
        AdmissionPhase.objects.filter(
            Q(opens_on__range=(first_day, last_day)) | Q(closes_on__range=(first_day, last_day))
        )
        .select_related("year")
        .order_by("opens_on", "pk")
    )
    for phase in phases:
        public_url = phase.year.get_absolute_url() + "#admission"
        dates = [
            (phase.opens_on, _gettext("Ouverture des candidatures")),
            (phase.closes_on, _gettext("Clôture des candidatures (dernier jour)")),
        ]
        for day, kind in dates:
            if first_day <= day <= last_day:
                yield ScheduleEvent(
                    at=day,
                    kind=kind,
                    label=f"{phase} ({phase.year})",
                    category=capfirst(AdmissionPhase._meta.verbose_name_plural),
                    admin_url=admin_change_url(phase),
                    public_url=public_url,
                )


def ects_mismatch_count():
    """1 when the fiche's ECTS total and the curriculum's disagree (two queries), else 0."""
    programme = Programme.load()
    return int(programme is not None and programme.curriculum_ects_mismatch() is not None)


def missing_fiche_information_count():
    """What the current fiche still lacks for a prospective student (0 without a fiche)."""
    programme = Programme.load()
    return len(programme.missing_information()) if programme is not None else 0


def untranslated_field_count():
    """How many fields English visitors read in French for want of a translation (the
    fiche and what its page shows; 0 without a fiche)."""
    programme = Programme.load()
    if programme is None:
        return 0
    return sum(len(fields) for _record, fields in translation_gaps(programme))


def programme_admin_url():
    """The current year's fiche in the admin (its list when no year is current)."""
    programme = Programme.load()
    if programme is None:
        return reverse("admin:programme_programme_changelist")
    return admin_change_url(programme)


def register():
    place_in_admin(
        PRESENTATION,
        {
            "programme.academicyear": 5,
            "programme.programme": 10,
            "programme.section": 20,
            "programme.semester": 25,
            "programme.teachingunit": 30,
            "programme.admissionphase": 40,
            "programme.programmecontact": 50,
            "programme.officialinsertionfigure": 65,
            "programme.skillblock": 60,
        },
        app_labels=("programme",),
    )
    register_content_app(ContentApp("programme", programme_manager_edits=ALL_MODELS))
    register_derived_cache_key(AdmissionPhase.CACHE_KEY)
    register_content_kind(
        ContentKind(
            key="sections",
            label=_("Présentation de la formation"),
            order=10,
            public_queryset=public_sections,
            search_fields=("title", "body"),
            search_vector_field="search_document",
            excerpt_field="body",
            lastmod_field="updated_at",
            sitemap_priority=0.8,
            site_map_links=section_site_map_links,
            # One page, /formation/, shows every section: sitemap.xml lists it once.
            extra={"sitemap_page": "programme:presentation"},
        )
    )
    # The current year's records shown on /formation/: found by search, linked to their
    # place on the page (search_only: no page, sitemap entry or contract of their own).
    register_content_kind(
        ContentKind(
            key="fiche",
            label=_("Fiche formation"),
            order=5,
            public_queryset=current_fiche,
            search_fields=("name", "search_text"),
            search_vector_field="search_document",
            excerpt_field="search_text",
            search_only=True,
            # The block holding the words, in the text of the search's language.
            result_url=lambda fiche, terms: _on_presentation(
                fiche_anchor(fiche.localized.search_text, terms)
            ),
        )
    )
    register_content_kind(
        ContentKind(
            key="semesters",
            label=_("Semestres"),
            order=12,
            public_queryset=current_semesters,
            search_fields=("title", "summary"),
            search_vector_field="search_document",
            excerpt_field="summary",
            search_only=True,
            result_url=lambda semester, terms: _on_presentation(f"semestre-{semester.pk}"),
        )
    )
    register_content_kind(
        ContentKind(
            key="teaching-units",
            label=_("Unités d'enseignement"),
            order=14,
            public_queryset=current_teaching_units,
            search_fields=("title", "search_text"),
            search_vector_field="search_document",
            excerpt_field="search_text",
            lastmod_field=None,
            search_only=True,
            result_url=lambda unit, terms: _on_presentation(f"semestre-{unit.semester_id}"),
        )
    )
    register_content_kind(
        ContentKind(
            key="admission-phases",
            label=_("Candidatures"),
            order=16,
            public_queryset=current_admission_phases,
            search_fields=("label", "search_text"),
            search_vector_field="search_document",
            excerpt_field="search_text",
            lastmod_field=None,
            search_only=True,
            result_url=lambda phase, terms: _on_presentation("admission"),
        )
    )
    register_demo_content("sections", generate_sections)
    register_schedule("candidatures", admission_phase_events)
    register_admin_attention(
        "ects-fiche-maquette",
        _("Crédits ECTS de la fiche formation différents de ceux de la maquette"),
        ects_mismatch_count,
        programme_admin_url,
        order=60,
        permission="programme.change_programme",
    )
    register_admin_attention(
        "fiche-untranslated",
        _("Champs sans traduction anglaise (fiche formation et présentation)"),
        untranslated_field_count,
        programme_admin_url,
        order=35,
        permission="programme.change_programme",
    )
    register_admin_attention(
        "fiche-incomplete",
        _("Informations manquantes dans la fiche formation"),
        missing_fiche_information_count,
        programme_admin_url,
        order=30,
        permission="programme.change_programme",
    )
