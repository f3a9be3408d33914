from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import ListView

from alumni import services
from alumni.charts import cohort_chart, sector_chart
from alumni.forms import DirectoryFilterForm, SubmissionForm, WithdrawalForm
from alumni.models import Alumnus, ConsentScope, OfficialOutcome, Portrait, Sector
from core.breadcrumbs import BreadcrumbsMixin, Crumb, trail
from core.fragments import DeferredQuerySet, StoredCountMixin, cached_fragment, deferred

HIGHLIGHTED_TESTIMONIALS = 3


class AlumnusDirectoryView(StoredCountMixin, BreadcrumbsMixin, ListView):
    """The directory: entries grouped by cohort, newest first, 24 a page, with filters,
    highlighted testimonials, insertion figures and the observatory's outcomes."""

    template_name = "alumni/alumnus_directory.html"
    paginate_by = 24
    # Filters and pages are read from the query string; the query count does not depend
    # on how many alumni there are (see tests/alumni/test_directory.py).

    def get_breadcrumbs(self):
        return [Crumb(_("Anciens étudiants"))]

    def get_queryset(self):
        # What the filters offer, read once per content version (core/fragments.py), as is
        # the number of entries.
        self.cohorts, self.sectors = cached_fragment(
            self.request, "alumni-filter-choices", (), self._filter_choices
        )
        # Built only when the query string holds a filter, or when the page's stored pieces
        # are not enough (core/fragments.py).
        self.filter_form = deferred(
            lambda: DirectoryFilterForm(
                self.request.GET, cohorts=self.cohorts, sectors=self.sectors
            )
        )
        return DeferredQuerySet(Alumnus, self._entries)

    def _entries(self):
        queryset = Alumnus.objects.published().for_directory()
        if not self.is_filtered():
            return queryset
        if not self.filter_form().is_valid():
            return queryset.none()
        filters = self.filter_form().cleaned_data
        if filters["promotion"] is not None:
            queryset = queryset.filter(cohort=filters["promotion"])
        if filters["secteur"] is not None:
            # The sector is part of the « poste et employeur » consent.
            queryset = queryset.filter(sector_id=filters["secteur"], consents_to_career=True)
        return queryset.search(filters["q"] or "")

    def is_filtered(self):
        return any(self.request.GET.get(name) for name in DirectoryFilterForm.base_fields)

    @staticmethod
    def _filter_choices():
        cohorts = list(
            Alumnus.objects.published()
            .order_by("-cohort")
            .values_list("cohort", flat=True)
            .distinct()
        )
        # Plain values, not model instances: read back from the store on every request.
        return cohorts, list(Sector.objects.values_list("pk", "name"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        object_list = context["object_list"]
        # The entries, testimonials and figures are read only when the page's stored
        # pieces (core/fragments.py) are not enough.
        context["profiles"] = deferred(
            lambda: [alumnus.public_profile() for alumnus in object_list]
        )
        context["filter_form"] = self.filter_form
        context["is_filtered"] = self.is_filtered()
        context["highlighted"] = deferred(
            lambda: [
                alumnus.public_profile()
                for alumnus in Alumnus.objects.highlighted()[:HIGHLIGHTED_TESTIMONIALS]
            ]
        )
        context["charts"] = deferred(lambda: [sector_chart(), cohort_chart()])
        context["outcomes"] = deferred(lambda: list(OfficialOutcome.objects.all()))
        return context


@require_safe
def photo(request, key, width=None):
    """An alumnus's photo (`width`: one of its resized copies), while the public may see it.

    Checked at every request, whatever a browser kept: the entry published, its photo
    consented; staff who may view photos see any (the moderation queue shows pending
    ones). The check comes before the conditional GET, so a former ETag or date gets a
    404 as soon as the photo may no longer be shown. Never kept by the page cache (the file
    is streamed) nor by any shared cache (`private`); browsers revalidate each time.
    """
    portrait = Portrait.objects.public().filter(key=key).first()
    is_public = portrait is not None
    if not is_public and request.user.has_perm("alumni.view_portrait"):
        portrait = Portrait.objects.filter(key=key).first()
    name = portrait.stored_name_for(width) if portrait is not None else None
    if name is None:
        raise Http404
    etag = f'"{portrait.key}-{width or 0}"'
    last_modified = int(portrait.created_at.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        _set_photo_headers(not_modified, etag, last_modified, is_public)
        return not_modified
    try:
        stored = portrait.file.storage.open(name, "rb")
    except OSError as error:
        raise Http404 from error  # the row outlived its file: a 404, not a 500
    response = FileResponse(stored, content_type=Portrait.content_type_of(name))
    _set_photo_headers(response, etag, last_modified, is_public)
    return response


def _set_photo_headers(response, etag, last_modified, is_public):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["X-Content-Type-Options"] = "nosniff"
    # Personal data: other sites may not embed it.
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if is_public:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, private=True, no_store=True)


@require_http_methods(["GET", "HEAD", "POST"])
def update(request):
    if request.method == "POST":
        form = SubmissionForm(request, data=request.POST, files=request.FILES)
        if form.is_valid():
            services.submission_create(
                form.cleaned_data, form.cleaned_data.get("photo"), request.build_absolute_uri
            )
            return redirect("alumni:update_sent")
    else:
        form = SubmissionForm(request)
    return render(
        request,
        "alumni/update_form.html",
        {"form": form, "breadcrumbs": _update_trail(Crumb(_("Mettre à jour ma fiche")))},
    )


@require_safe
def update_sent(request):
    return render(
        request,
        "alumni/update_sent.html",
        {"breadcrumbs": _update_trail(Crumb(_("Demande envoyée")))},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request):
    if request.method == "POST":
        form = WithdrawalForm(request, data=request.POST)
        if form.is_valid():
            services.consent_withdrawal_request(
                form.cleaned_data["email"], form.cleaned_data["scopes"], request.build_absolute_uri
            )
            # The same answer whether or not the address is known: the form must not
            # tell a stranger who is in the files.
            return redirect("alumni:withdraw_sent")
    else:
        form = WithdrawalForm(request)
    return render(
        request,
        "alumni/withdraw_form.html",
        {"form": form, "breadcrumbs": _update_trail(Crumb(_("Retirer mon consentement")))},
    )


@require_safe
def withdraw_sent(request):
    return render(
        request,
        "alumni/withdraw_sent.html",
        {"breadcrumbs": _update_trail(Crumb(_("Lien envoyé")))},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def withdraw_confirm(request, token):
    """The link from the e-mail. GET only shows a button: mail scanners open links, and
    a withdrawal must be the person's own act; the POST applies it at once."""
    crumbs = _update_trail(Crumb(_("Confirmer le retrait")))
    found = services.read_withdrawal_token(token)
    if found is None:
        return render(request, "alumni/withdraw_invalid.html", {"breadcrumbs": crumbs}, status=400)
    alumnus, scopes = found
    labels = [ConsentScope(scope).label for scope in scopes]
    if request.method == "POST":
        services.consent_withdraw(alumnus, scopes)
        return render(
            request, "alumni/withdraw_done.html", {"breadcrumbs": crumbs, "scopes": labels}
        )
    return render(
        request, "alumni/withdraw_confirm.html", {"breadcrumbs": crumbs, "scopes": labels}
    )


def _update_trail(current):
    return trail(Crumb(_("Anciens étudiants"), reverse("alumni:directory")), current)
