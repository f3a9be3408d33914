from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _

from programme import views

app_name = "programme"

urlpatterns = [
    path(_("formation/"), views.PresentationView.as_view(), name="presentation"),
    path(_("formation/candidatures.ics"), views.admission_calendar, name="admission_calendar"),
    path(_("formation/plaquette.pdf"), views.brochure, name="brochure"),
    path(
        _("formation/candidats-internationaux/"),
        views.InternationalApplicantsView.as_view(),
        name="international",
    ),
    # Only « 2025-2026 »-shaped labels reach the view: anything else is a plain 404.
    re_path(
        _(r"^formation/(?P<label>\d{4}-\d{4})/$"), views.PresentationView.as_view(), name="year"
    ),
]
