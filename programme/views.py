import logging

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from core.breadcrumbs import BreadcrumbsMixin, Crumb
from core.formatting import human_size
from core.models import SiteIdentity
from core.pdf import PdfRendererUnavailable
from core.preview import preview_link_from_request
from core.publication import can_preview, mark_as_preview
from programme.admission import admission_statuses
from programme.brochure import brochure_pdf
from programme.models import AdmissionPhase, Programme, Section, Semester, number_sections

logger = logging.getLogger(__name__)

BROCHURE_FILENAME = "plaquette-master-ipps.pdf"


class PresentationView(BreadcrumbsMixin, TemplateView):
    """/formation/: the numbered presentation, the curriculum, admission and careers.

    A fixed number of queries whatever the number of sections and teaching units.
    Staff see drafts marked as such; a shareable preview link shows its own draft.
    """

    template_name = "programme/presentation.html"
    title = _("Présentation et contenu de la formation")

    def get_breadcrumbs(self):
        return [Crumb(self.title)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        is_staff = can_preview(self.request)
        previewed = self._previewed_records(is_staff)
        sections = self._sections(now, is_staff, previewed)
        semesters = self._semesters(now, is_staff, previewed)
        programme = Programme.load()
        phases = AdmissionPhase.load_all()
        statuses = admission_statuses(
            phases, timezone.localdate(now), programme.monmaster_url if programme else ""
        )
        context.update(
            title=self.title,
            programme=programme,
            contacts=list(programme.contacts.all()) if programme else [],
            sections=number_sections(sections),
            semesters=semesters,
            curriculum=curriculum_totals(semesters),
            admission_statuses=statuses,
            is_preview=bool(previewed),
            meta_description=Truncator(programme.pitch if programme else "").chars(160),
            structured_data=programme_structured_data(programme, self.request, SiteIdentity.load()),
            brochure=brochure_download(self.request),
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
        queryset = Semester.objects.for_page()
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


@require_safe
def brochure(request):
    """/formation/plaquette.pdf: the published fiche, curriculum, calendar and contacts.

    Published content only, whoever asks (staff included): the file is the same for all,
    so it may be cached anywhere; the ETag (ConditionalGetMiddleware) makes a check cheap.
    """
    try:
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


def brochure_download(request):
    """The brochure's link and size for /formation/, or None when no PDF can be made here."""
    try:
        pdf = _current_brochure(request)
    except PdfRendererUnavailable:
        logger.warning("plaquette PDF indisponible : lien masqué sur /formation/", exc_info=True)
        return None
    if pdf is None:
        return None
    return {"url": reverse("programme:brochure"), "size": human_size(len(pdf))}


def _current_brochure(request):
    """The brochure's PDF bytes (cached while unchanged), or None without a fiche formation."""
    context = brochure_context(request)
    if context["programme"] is None:
        return None
    identity = context["identity"]
    files = {}
    if identity is not None and identity.logo:
        logo = identity.logo
        files[logo.url] = lambda: _read(logo)
    return brochure_pdf(context, base_url=request.build_absolute_uri("/"), files=files)


def _read(field_file):
    with field_file.storage.open(field_file.name, "rb") as handle:
        return handle.read()


def brochure_context(request):
    """What the brochure shows: the published content as the public sees it today."""
    now = timezone.now()
    programme = Programme.load()
    semesters = list(Semester.objects.published(now).for_page())
    return {
        "programme": programme,
        "identity": SiteIdentity.load(),
        "contacts": list(programme.contacts.all()) if programme else [],
        "semesters": semesters,
        "curriculum": curriculum_totals(semesters),
        "phases": AdmissionPhase.load_all(),
        "page_url": request.build_absolute_uri(reverse("programme:presentation")),
    }


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
