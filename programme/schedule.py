"""What the admin « Calendrier » shows of every publishable model: scheduled publications.

Registered through `register_schedule` like any app's events, so the calendar reads one
source. Apps add their own kinds of events (expiry dates, admission phases) the same way.
"""

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from programme.admin_site import admin_change_url
from programme.publication import Publishable
from programme.registry import ScheduleEvent


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
    """How many records of any publishable model are set to appear later (one query each)."""
    return sum(model._default_manager.scheduled().count() for model in publishable_models())
