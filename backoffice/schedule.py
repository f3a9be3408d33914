"""Scheduled publications of every publishable model, whatever its app, for the admin
home's « À traiter » and the « Calendrier »: derived from the models, so a new kind of
content is there without registering anything.
"""

from datetime import timedelta

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from backoffice.admin_tools import admin_change_url
from backoffice.admin_views import CALENDAR_PERIODS
from core.publication import Publishable
from core.registry import ScheduleEvent

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
