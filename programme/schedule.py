"""What the programme app gives the admin home and the « Calendrier »: scheduled
publications of every publishable model (whatever its app), admission phases, and the
contact messages waiting for an answer.

Registered through `register_schedule` / `register_admin_attention` in
`ProgrammeConfig.ready()`, like any app's providers, so the calendar reads one source.
"""

from datetime import timedelta

from django.apps import apps
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from programme.admin_site import admin_change_url
from programme.admin_views import CALENDAR_PERIODS
from programme.models import AdmissionPhase, ContactMessage
from programme.publication import Publishable
from programme.registry import ScheduleEvent

LONGEST_CALENDAR_PERIOD = max(CALENDAR_PERIODS)


def publishable_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) and not model._meta.abstract
    ]


def scheduled_publications(start, end):
    """Records of any publishable model set to appear between `start` and `end`."""
    for model in publishable_models():
        opts = model._meta
        category = capfirst(opts.verbose_name_plural)
        scheduled = model._default_manager.scheduled(now=start).filter(published_at__lt=end)
        for obj in scheduled.order_by("published_at"):
            yield ScheduleEvent(
                at=obj.published_at,
                kind=_("Publication"),
                label=str(obj),
                category=category,
                admin_url=admin_change_url(obj),
                public_url=obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "",
            )


def scheduled_publication_count():
    """How many records of any publishable model are set to appear within the calendar's
    longest period (what its link shows), in one query."""
    now = timezone.now()
    end = now + timedelta(days=LONGEST_CALENDAR_PERIOD)
    parts = [
        model._default_manager.scheduled(now=now)
        .filter(published_at__lt=end)
        .order_by()
        .values("pk")
        for model in publishable_models()
    ]
    if not parts:
        return 0
    return parts[0].union(*parts[1:], all=True).count()


def scheduled_publications_url():
    return f"{reverse('admin:calendar')}?jours={LONGEST_CALENDAR_PERIOD}"


def admission_phase_events(start, end):
    """Openings and closings of the admission phases between `start` and `end` (one query)."""
    first_day, last_day = timezone.localdate(start), timezone.localdate(end)
    phases = AdmissionPhase.objects.filter(
        Q(opens_on__range=(first_day, last_day)) | Q(closes_on__range=(first_day, last_day))
    ).order_by("opens_on", "pk")
    public_url = reverse("programme:presentation") + "#admission"
    for phase in phases:
        dates = [
            (phase.opens_on, _("Ouverture des candidatures")),
            (phase.closes_on, _("Clôture des candidatures (dernier jour)")),
        ]
        for day, kind in dates:
            if first_day <= day <= last_day:
                yield ScheduleEvent(
                    at=day,
                    kind=kind,
                    label=str(phase),
                    category=capfirst(AdmissionPhase._meta.verbose_name_plural),
                    admin_url=admin_change_url(phase),
                    public_url=public_url,
                )


def unhandled_contact_message_count():
    """Messages sent through the contact form that nobody has marked as processed yet."""
    return ContactMessage.objects.filter(is_handled=False).count()


def unhandled_contact_messages_url():
    return reverse("admin:programme_contactmessage_changelist") + "?is_handled__exact=0"
