import logging
from datetime import timedelta

from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from core import pdf
from core.breadcrumbs import BreadcrumbsMixin, Crumb
from core.formatting import human_size
from core.fragments import cached_fragment, deferred_entries
from core.ics import calendar, escape_text, ics_date, uri, utc_time
from core.models import SiteIdentity
from core.pdf import PdfRendererUnavailable
from core.preview import preview_link_from_request
from core.publication import can_preview, mark_as_preview, visible_or_404
from core.translation import SOURCE_LANGUAGE, active_language
from programme.admission import admission_statuses
from programme.brochure import brochure_pdf, cached_brochure_size
from programme.models import (
    INSERTION_MONTHS,
    AcademicYear,
    AdmissionPhase,
    AdmissionTrack,
    OfficialInsertionFigure,
    Programme,
    Section,
    Semester,
    SkillBlock,
    TeachingUnit,
    has_text,
    number_sections,
)

logger = logging.getLogger(__name__)

BROCHURE_FILENAME = "plaquette-master-ipps.pdf"


class FichePage:
    """The record of a page made from the fiche, for the language switcher and the
    alternates (contract of the shared brief: `object` in the context): the page exists in
    a language when the fiche does, at its own address in that language."""

    translation_parent_url_name = Programme.translation_parent_url_name

    def __init__(self, programme, url_name):
        self.programme = programme
        self.url_name = url_name

    def has_translation(self, language):
        return self.programme.has_translation(language)

    def get_absolute_url(self):
        return reverse(self.url_name)


class PresentationView(BreadcrumbsMixin, TemplateView):
    """/formation/: the numbered presentation, the curriculum, admission and careers of the
    current academic year; /formation/<année>/ (`label`): those of another year.

    An older published year shows with a banner pointing to the current one; a draft or
    scheduled year is a 404 for visitors and a preview for staff (and for a shareable
    preview link to that year). The current year's own address shows the same page as
    /formation/, which it names as canonical: no redirect, so that the address keeps
    working, as an older year, once the year is over (a permanent redirect would stay in
    browsers' caches and keep hiding it).
    A fixed number of queries whatever the number of sections and teaching units.
    Staff see drafts marked as such; a shareable preview link shows its own draft.
    In English (/en/programme/), the page exists once the year's fiche has its English
    name; it shows the parts with an English title, and every text in English where it is
    translated, in French (marked `lang="fr"`) where it is not.
    """

    template_name = "programme/presentation.html"
    title = _("Présentation et contenu de la formation")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.now = timezone.now()
        self.year = self.current_year = None

    def get(self, request, *args, **kwargs):
        # The year is found before rendering: an address of a year nobody may see is a 404.
        years = AcademicYear.objects.select_related("programme")
        # The same for every visitor until the content version moves (a year's publication
        # date coming moves it): stored with the page's pieces.
        self.current_year = cached_fragment(
            request, "current-year", (), lambda: years.current(self.now).first()
        )
        label = kwargs.get("label")
        if label is None:
            self.year = self.current_year
        else:
            self.year = visible_or_404(request, years, label=label)
        programme = _programme_of(self.year)
        if active_language() != SOURCE_LANGUAGE and (
            programme is None or not programme.has_translation(active_language())
        ):
            raise Http404(_("Cette page n'est pas traduite."))
        return super().get(request, *args, **kwargs)

    @property
    def is_current_year(self):
        return self.year is not None and self.year == self.current_year

    def get_breadcrumbs(self):
        if self.is_current_year or self.year is None:
            return [Crumb(self.title)]
        return [Crumb(self.title, reverse("programme:presentation")), Crumb(self.year.label)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now, year = self.now, self.year
        is_staff = can_preview(self.request)
        previewed = self._previewed_records(is_staff)
        is_current = self.is_current_year
        title = self.title if is_current or year is None else f"{self.title} — {year.label}"
        context.update(
            title=title,
            # The language switcher's record (the fiche, fetched with the year: no query);
            # the current year's page is /formation/, not the year's own address.
            object=self._switcher_object(year, is_current),
            year=year,
            current_year=self.current_year,
            canonical_path=reverse("programme:presentation") if is_current else None,
            is_current_year=is_current,
            year_is_public=year is not None and year.is_published(now),
            is_preview=bool(previewed) or (year is not None and not year.is_published(now)),
            # A scheduled year says when it goes public, not « Brouillon ».
            preview_label=year.preview_label
            if year is not None and not year.is_published(now)
            else None,
        )
        # The fiche's content, read only when the page's stored pieces are not enough
        # (core/fragments.py): a visitor's page usually comes from them.
        context.update(
            deferred_entries(
                lambda: self._content(now, year, is_staff, previewed, is_current),
                (
                    "programme",
                    "contacts",
                    "sections",
                    "semesters",
                    "curriculum",
                    "official_figures",
                    "admission_statuses",
                    "skill_blocks",
                    "groups",
                    "checked_objects",
                    "meta_description",
                    "structured_data",
                    "brochure",
                ),
            )
        )
        return context

    def _switcher_object(self, year, is_current):
        programme = _programme_of(year)
        if programme is None or not is_current:
            return programme
        return FichePage(programme, "programme:presentation")

    def _content(self, now, year, is_staff, previewed, is_current):
        sections = self._sections(now, is_staff, previewed)
        semesters = self._semesters(now, is_staff, previewed)
        programme = _programme_of(year)
        phases = AdmissionPhase.load_all(year) if year is not None else []
        skill_blocks = self._skill_blocks(programme, now, is_staff) if programme else []
        official_figures = official_figures_table(
            list(OfficialInsertionFigure.objects.latest_cohort())
        )
        statuses = admission_statuses(
            phases, timezone.localdate(now), programme.monmaster_url if programme else ""
        )
        return {
            "programme": programme,
            "contacts": list(programme.contacts.all()) if programme else [],
            "sections": number_sections(sections),
            "semesters": semesters,
            "curriculum": curriculum_totals(semesters),
            "official_figures": official_figures,
            "admission_statuses": statuses,
            "skill_blocks": skill_blocks,
            "groups": fiche_groups(programme, skill_blocks, phases, official_figures),
            # Staff see the accessibility warnings of the texts shown here (base.html).
            "checked_objects": [programme, *sections] if programme else sections,
            "meta_description": Truncator(programme.localized.pitch if programme else "").chars(
                160
            ),
            # Search engines describe the programme as it is this year, from /formation/.
            "structured_data": programme_structured_data(
                programme, self.request, SiteIdentity.load(), phases, timezone.localdate(now)
            )
            if is_current
            else None,
            # The brochure is the current year's: offered on its page only.
            "brochure": brochure_download(programme) if is_current else None,
        }

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # Staff see drafts here, and a preview link shows one: neither may be cached or indexed.
        if context["is_preview"] or can_preview(self.request):
            mark_as_preview(response)
        return response

    def _previewed_records(self, is_staff):
        """{(model, pk)} opened by the request's shareable preview link, if any."""
        if is_staff:
            return set()
        link = preview_link_from_request(self.request)
        if link is None:
            return set()
        return {(link.content_type.model_class(), link.object_id)}

    def _sections(self, now, is_staff, previewed):
        # In English, only the parts translated (a sub-part without its part is left out).
        if is_staff:
            sections = list(Section.objects.in_language().in_reading_order())
            visible = set(Section.objects.visible(now).values_list("pk", flat=True))
            for section in sections:
                section.is_hidden = section.pk not in visible
            return sections
        previewed_pks = [pk for model, pk in previewed if model is Section]
        queryset = Section.objects.visible(now)
        if previewed_pks:
            # The previewed draft, and its parent so that it has a place in the tree.
            queryset = Section.objects.filter(
                Q(pk__in=queryset.values("pk"))
                | Q(pk__in=previewed_pks)
                | Q(children__pk__in=previewed_pks)
            ).distinct()
        sections = list(queryset.in_language().in_reading_order())
        for section in sections:
            section.is_hidden = section.pk in previewed_pks
        return sections

    def _skill_blocks(self, programme, now, is_staff):
        """The year's certification blocks, each with the units covering it (two queries)."""
        units = TeachingUnit.objects.all()
        if not is_staff:
            # A unit of a semester still in preparation is not named to visitors.
            units = units.filter(semester__in=Semester.objects.published(now))
        return list(SkillBlock.objects.filter(programme=programme).for_page(units))

    def _semesters(self, now, is_staff, previewed):
        if self.year is None:
            return []
        queryset = Semester.objects.filter(year=self.year).for_page()
        if is_staff:
            semesters = list(queryset)
            for semester in semesters:
                semester.is_hidden = not semester.is_published(now)
            return semesters
        previewed_pks = [pk for model, pk in previewed if model is Semester]
        shown = Q(pk__in=Semester.objects.published(now).values("pk"))
        if previewed_pks:
            shown |= Q(pk__in=previewed_pks)
        semesters = list(queryset.filter(shown))
        for semester in semesters:
            semester.is_hidden = semester.pk in previewed_pks
        return semesters


class InternationalApplicantsView(BreadcrumbsMixin, TemplateView):
    """/formation/candidats-internationaux/ (/en/programme/international-applicants/): how
    to apply from abroad, by nationality and place of residence, from the current year's
    fiche: its admission phases and dates, the French level and certificates it asks for,
    its fees and its contacts. A 404 without a fiche, and in English until the fiche has
    its English name (as /en/programme/). A fixed number of queries (contacts, phases)."""

    template_name = "programme/international.html"
    title = _("Candidats internationaux")

    def get(self, request, *args, **kwargs):
        self.programme = Programme.load()
        if self.programme is None or not self.programme.has_translation(active_language()):
            raise Http404(_("La fiche formation n'est pas encore renseignée."))
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [
            Crumb(PresentationView.title, reverse("programme:presentation")),
            Crumb(self.title),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = self.programme
        phases = AdmissionPhase.load_all(programme.year_id)
        context.update(
            title=self.title,
            object=FichePage(programme, "programme:international"),
            programme=programme,
            contacts=list(programme.contacts.all()),
            admission_statuses=admission_statuses(
                phases, timezone.localdate(), programme.monmaster_url
            ),
            meta_description=_(
                "Candidater depuis l'étranger : la procédure selon votre nationalité et votre "
                "pays de résidence, le niveau de français requis, les dates, les frais et le "
                "contact."
            ),
        )
        return context


def fiche_groups(programme, skill_blocks, phases, official_figures=None):
    """Which groups of the fiche have something to show (an empty group is left out)."""
    if programme is None:
        return {}
    p = programme
    return {
        "objectives": bool(has_text(p.objectives) or has_text(p.skills)),
        "certification": bool(p.degree_level or p.rncp_code or skill_blocks),
        "organisation": bool(
            p.duration_months
            or p.duration
            or p.ects
            or p.rhythm
            or p.place
            or p.teaching_language
            or p.starts_on
            or p.capacity_m1
            or p.capacity_m2
            or has_text(p.internship)
        ),
        "modes": bool(p.paces),
        "admission": bool(
            phases
            or p.monmaster_url
            or has_text(p.audience)
            or has_text(p.admission_expectations)
            or has_text(p.admission_criteria)
            or has_text(p.admission_documents)
            or has_text(p.admission_steps)
            or p.registration_fee is not None
            or has_text(p.fees_notes)
        ),
        "international": bool(
            p.international_url or p.french_level or p.french_certificates or p.international_email
        ),
        "outcomes": bool(
            has_text(p.careers)
            or has_text(p.sectors)
            or p.rome_codes
            or has_text(p.further_study)
            or official_figures
        ),
        "disability": bool(
            p.disability_contact_name
            or p.disability_contact_email
            or p.disability_contact_phone
            or has_text(p.disability_adjustments)
        ),
    }


@require_safe
def brochure(request):
    """/formation/plaquette.pdf: the published fiche, curriculum, calendar and contacts.

    Published content only, whoever asks (staff included): the file is the same for all,
    so it may be cached anywhere; the ETag (ConditionalGetMiddleware) makes a check cheap.
    The brochure exists in French only: asked for under /en/, it is the same French file.
    """
    try:
        with translation.override(SOURCE_LANGUAGE):
            pdf = _current_brochure(request)
    except PdfRendererUnavailable:
        logger.error("plaquette PDF indisponible : WeasyPrint ne se charge pas", exc_info=True)
        return render(
            request,
            "programme/brochure_unavailable.html",
            {"title": _("Plaquette momentanément indisponible")},
            status=503,
        )
    if pdf is None:
        raise Http404(_("La fiche formation n'est pas encore renseignée."))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{BROCHURE_FILENAME}"'
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response


def brochure_download(programme):
    """The brochure's link for /formation/, with the size of the last one rendered, or None
    when no PDF can be made here. Nothing is rendered: a visitor of the page does not wait
    for a PDF they may not want; the first download renders it."""
    if programme is None or not pdf.pdf_renderer_available():
        return None
    size = cached_brochure_size()
    # One brochure, in French: English pages link to it and say so.
    with translation.override(SOURCE_LANGUAGE):
        url = reverse("programme:brochure")
    return {
        "url": url,
        "size": human_size(size) if size is not None else "",
        "in_french_only": active_language() != SOURCE_LANGUAGE,
    }


def _current_brochure(request):
    """The brochure's PDF bytes (cached while unchanged), or None without a fiche formation."""
    context = brochure_context(request)
    if context["programme"] is None:
        return None
    identity = context["identity"]
    files = {}
    if identity is not None and identity.ufr_logo:
        logo = identity.ufr_logo.file
        files[logo.url] = lambda: _read(logo)
    return brochure_pdf(context, base_url=request.build_absolute_uri("/"), files=files)


def _read(field_file):
    with field_file.storage.open(field_file.name, "rb") as handle:
        return handle.read()


def brochure_context(request):
    """What the brochure shows: the current year's published content, as the public sees it."""
    now = timezone.now()
    programme = Programme.load(now)
    year = programme.year if programme else None
    semesters = list(Semester.objects.published(now).filter(year=year).for_page())
    return {
        "programme": programme,
        "identity": SiteIdentity.load(),
        "contacts": list(programme.contacts.all()) if programme else [],
        "semesters": semesters,
        "curriculum": curriculum_totals(semesters),
        "phases": AdmissionPhase.load_all(year) if year else [],
        "page_url": request.build_absolute_uri(reverse("programme:presentation")),
    }


def _programme_of(year):
    """The year's fiche, fetched with the year (no query), or None."""
    if year is None:
        return None
    try:
        return year.programme
    except ObjectDoesNotExist:
        return None


def curriculum_totals(semesters):
    """Totals for the whole programme and each semester's bar length (no query)."""
    total_ects = sum(semester.total_ects for semester in semesters)
    total_cm = sum(semester.total_hours_cm for semester in semesters)
    total_td = sum(semester.total_hours_td for semester in semesters)
    scale = max([Semester.EXPECTED_ECTS, *(semester.total_ects for semester in semesters)])
    bars = [
        {"semester": semester, "percent": round(100 * semester.total_ects / scale, 1)}
        for semester in semesters
    ]
    return {
        "ects": total_ects,
        "hours_cm": total_cm,
        "hours_td": total_td,
        "hours": total_cm + total_td,
        "bars": bars,
        "scale": scale,
    }


def official_figures_table(figures):
    """The latest InserSup figures as table rows, without the columns the file left empty.

    None when there are no figures: the page then says nothing about them.
    """
    if not figures:
        return None
    candidates = [
        ("graduates", _("Sortants"), False),
        *(
            (
                f"insertion_rate_{months}_months",
                _("Insertion à %(months)d mois") % {"months": months},
                True,
            )
            for months in INSERTION_MONTHS
        ),
        ("further_study_rate", _("Poursuite d'études"), True),
        ("success_rate", _("Réussite"), True),
    ]
    columns = [
        (name, label, is_rate)
        for name, label, is_rate in candidates
        if any(getattr(figure, name) is not None for figure in figures)
    ]
    rows = [
        {
            "figure": figure,
            "cells": [(getattr(figure, name), is_rate) for name, _label, is_rate in columns],
        }
        for figure in figures
    ]
    sources = list(
        dict.fromkeys(
            (figure.source_name, figure.source_url, figure.file_date) for figure in figures
        )
    )
    return {
        "columns": [label for _name, label, _is_rate in columns],
        "rows": rows,
        "sources": sources,
        "cohort_year": figures[0].cohort_year,
        "institutions": sorted({figure.institution_label for figure in figures}),
    }


def admission_deadline(phases, today):
    """The next day applications close (M1 first, as MonMaster's calendar), or None."""
    upcoming = [phase for phase in phases if phase.closes_on >= today]
    if not upcoming:
        return None
    m1 = [phase for phase in upcoming if phase.track == AdmissionTrack.M1]
    return min(phase.closes_on for phase in (m1 or upcoming))


def programme_structured_data(programme, request, identity, phases=(), today=None):
    """schema.org `EducationalOccupationalProgram` describing the programme (for engines).

    Only properties schema.org defines for each type are used (tests check them against
    the vocabulary): the level, for instance, belongs to the credential, not the program.
    """
    if programme is None:
        return None
    today = today or timezone.localdate()
    # The texts in the page's language (French where English is missing).
    programme = programme.localized
    credential_name = " ".join(
        part for part in [programme.degree, programme.mention, programme.speciality] if part
    )
    credential = {
        "@type": "EducationalOccupationalCredential",
        "name": credential_name,
        "credentialCategory": programme.degree,
    }
    if programme.degree_level:
        credential["educationalLevel"] = programme.get_degree_level_display()
    if programme.rncp_code:
        credential["identifier"] = programme.rncp_code
        credential["url"] = programme.rncp_url
    data = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalProgram",
        "name": programme.name,
        "description": programme.pitch,
        "url": request.build_absolute_uri(reverse("programme:presentation")),
        "educationalCredentialAwarded": credential,
    }
    if identity is not None:
        data["provider"] = {
            "@type": "CollegeOrUniversity",
            "name": f"{identity.ufr_name}, {identity.university_name}",
            "telephone": identity.ufr_phone,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": ", ".join(identity.ufr_address_lines),
                "addressCountry": "FR",
            },
        }
    maximum_enrollment = None
    if programme.capacity_m1 is not None and programme.capacity_m2 is not None:
        maximum_enrollment = programme.capacity_m1 + programme.capacity_m2
    deadline = admission_deadline(phases, today)
    optional = {
        "numberOfCredits": programme.ects,
        "timeToComplete": programme.iso_duration,
        "maximumEnrollment": maximum_enrollment,
        "educationalProgramMode": programme.paces,
        "programPrerequisites": strip_tags(
            programme.audience or programme.admission_expectations
        ).strip(),
        "startDate": programme.starts_on.isoformat() if programme.starts_on else None,
        "applicationDeadline": deadline.isoformat() if deadline else None,
        "occupationalCategory": [
            {
                "@type": "CategoryCode",
                "codeValue": code,
                "inCodeSet": {
                    "@type": "CategoryCodeSet",
                    "name": "ROME (Répertoire opérationnel des métiers et des emplois)",
                },
            }
            for code in programme.rome_code_list
        ],
    }
    data.update({key: value for key, value in optional.items() if value})
    offers = []
    if programme.registration_fee is not None:
        offers.append(
            {
                "@type": "Offer",
                "category": "Droits d'inscription",
                "price": str(programme.registration_fee),
                "priceCurrency": "EUR",
            }
        )
    if programme.offers_continuing and programme.continuing_price is not None:
        offers.append(
            {
                "@type": "Offer",
                "category": "Formation continue",
                "price": str(programme.continuing_price),
                "priceCurrency": "EUR",
            }
        )
    if offers:
        data["offers"] = offers if len(offers) > 1 else offers[0]
    return data


@require_safe
def admission_calendar(request):
    """/formation/candidatures.ics: every phase's opening and closing day, as all-day events."""
    domain = get_current_site(request).domain
    page_url = request.build_absolute_uri(reverse("programme:presentation")) + "#admission"
    now = timezone.now()
    events = []
    # The current year's phases: the deadlines a candidate can still meet.
    for phase in AdmissionPhase.load_all():
        for kind, day, summary in (
            ("ouverture", phase.opens_on, _("Ouverture des candidatures")),
            ("cloture", phase.closes_on, _("Date limite de candidature")),
        ):
            events.append(
                [
                    "BEGIN:VEVENT",
                    f"UID:candidature-{phase.pk}-{kind}@{domain}",
                    f"DTSTAMP:{utc_time(now)}",
                    f"DTSTART;VALUE=DATE:{ics_date(day)}",
                    f"DTEND;VALUE=DATE:{ics_date(day + timedelta(days=1))}",
                    f"SUMMARY:{escape_text(f'{summary} — {phase}')}",
                    f"DESCRIPTION:{escape_text(phase.notes)}",
                    f"URL:{uri(phase.url or page_url)}",
                    "TRANSP:TRANSPARENT",
                    "END:VEVENT",
                ]
            )
    response = HttpResponse(
        calendar(events, "Candidatures", with_paris_timezone=False),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="candidatures.ics"'
    return response
