"""What the alumni app gives the rest of the site through the registry: its public
content kind, its content models, demo data and its lines in the admin."""

from django.utils.translation import gettext_lazy as _

from alumni import schedule
from alumni.demo import generate_alumni
from alumni.models import Alumnus
from backoffice.admin_site import ALUMNI, place_in_admin
from core.registry import (
    ContentApp,
    ContentKind,
    register_admin_attention,
    register_content_app,
    register_content_kind,
    register_demo_content,
)


def register():
    place_in_admin(
        ALUMNI,
        {
            "alumni.submission": 10,
            "alumni.alumnus": 20,
            "alumni.officialoutcome": 30,
            "alumni.sector": 40,
        },
        app_labels=("alumni",),
    )
    register_content_app(ContentApp("alumni", private_models=("submission", "consentrecord")))

    def searchable_alumni():
        # search_fields cannot say « employer only where consented » row by row, so
        # search sees only the alumni who consented to both name and position/employer.
        return Alumnus.objects.published().filter(consents_to_career=True)

    register_content_kind(
        ContentKind(
            key="alumni",
            label=_("Anciens étudiants"),
            order=40,
            public_queryset=searchable_alumni,
            search_fields=("full_name", "employer", "position"),
            search_vector_field="search_document",
            many_records=True,
            excerpt_field="position",
            lastmod_field="updated_at",
            sitemap_priority=0.3,
            # Personal pages are not pushed to crawlers: the directory page is enough.
            extra={"in_sitemap": False},
        )
    )
    register_demo_content("alumni", generate_alumni)
    register_admin_attention(
        "demandes-anciens",
        _("Demandes d'anciens étudiants à examiner"),
        schedule.pending_submission_count,
        schedule.pending_submissions_url,
        order=20,
        permission="alumni.change_submission",
    )
