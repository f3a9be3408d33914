from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from programme import views

app_name = "programme"

# Path segments are translated (French msgid, English msgstr in locale/en/).
urlpatterns = [
    path(
        _("formation/"),
        include(
            [
                path("", views.PresentationView.as_view(), name="presentation"),
                path(_("candidatures.ics"), views.admission_calendar, name="admission_calendar"),
                path(_("plaquette.pdf"), views.brochure, name="brochure"),
                path(
                    _("candidats-internationaux/"),
                    views.InternationalApplicantsView.as_view(),
                    name="international",
                ),
                # Only « 2025-2026 »-shaped labels reach the view: anything else is a 404.
                re_path(
                    r"^(?P<label>\d{4}-\d{4})/$", views.PresentationView.as_view(), name="year"
                ),
            ]
        ),
    ),
]
