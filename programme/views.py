from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.breadcrumbs import BreadcrumbsMixin, Crumb
from core.models import SiteIdentity
from core.preview import preview_link_from_request
from core.publication import can_preview, mark_as_preview, visible_or_404
from programme.admission import admission_statuses
from programme.models import AcademicYear, AdmissionPhase, Section, Semester, number_sections


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
        self.current_year = years.current(self.now).first()
        label = kwargs.get("label")
        if label is None:
            self.year = self.current_year
        else:
            self.year = visible_or_404(request, years, label=label)
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
        sections = self._sections(now, is_staff, previewed)
        semesters = self._semesters(now, is_staff, previewed)
        programme = _programme_of(year)
        phases = AdmissionPhase.load_all(year) if year is not None else []
        statuses = admission_statuses(
            phases, timezone.localdate(now), programme.monmaster_url if programme else ""
        )
        is_current = self.is_current_year
        title = self.title if is_current or year is None else f"{self.title} — {year.label}"
        context.update(
            title=title,
            year=year,
            current_year=self.current_year,
            canonical_path=reverse("programme:presentation") if is_current else None,
            is_current_year=is_current,
            year_is_public=year is not None and year.is_published(now),
            programme=programme,
            contacts=list(programme.contacts.all()) if programme else [],
            sections=number_sections(sections),
            semesters=semesters,
            curriculum=curriculum_totals(semesters),
            admission_statuses=statuses,
            is_preview=bool(previewed) or (year is not None and not year.is_published(now)),
            meta_description=Truncator(programme.pitch if programme else "").chars(160),
            # Search engines describe the programme as it is this year, from /formation/.
            structured_data=programme_structured_data(programme, self.request, SiteIdentity.load())
            if is_current
            else None,
        )
        return context

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
        if is_staff:
            sections = list(Section.objects.in_reading_order())
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
        sections = list(queryset.in_reading_order())
        for section in sections:
            section.is_hidden = section.pk in previewed_pks
        return sections

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


def programme_structured_data(programme, request, identity):
    """schema.org `EducationalOccupationalProgram` describing the programme (for engines)."""
    if programme is None:
        return None
    data = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalProgram",
        "name": programme.name,
        "description": programme.pitch,
        "url": request.build_absolute_uri(reverse("programme:presentation")),
        "educationalCredentialAwarded": " ".join(
            part for part in [programme.degree, programme.mention, programme.speciality] if part
        ),
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
    optional = {
        "educationalLevel": programme.level,
        "numberOfCredits": programme.ects,
        "maximumEnrollment": programme.capacity,
        "educationalProgramMode": ", ".join(programme.paces),
        "programPrerequisites": strip_tags(programme.audience).strip(),
        "occupationalCategory": strip_tags(programme.careers).strip(),
    }
    data.update({key: value for key, value in optional.items() if value})
    if programme.registration_fee is not None:
        data["offers"] = {
            "@type": "Offer",
            "category": "Droits d'inscription",
            "price": str(programme.registration_fee),
            "priceCurrency": "EUR",
        }
    return data
