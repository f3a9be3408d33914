"""The admin's reports: the « Calendrier », the link check, and the accessibility of the
published texts."""

from datetime import date, datetime, time, timedelta

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.admin_tools import admin_change_url
from backoffice.attention import (
    checked_kinds,
    image_fields,
    public_records,
    records_with_accessibility_warnings,
)
from backoffice.linkcheck import find_broken_links
from backoffice.models import LinkCheck
from core.accessibility import record_warnings
from core.registry import schedules

# Periods the calendar offers, in days, and the one shown first.
CALENDAR_PERIODS = {
    30: gettext_lazy("30 jours"),
    90: gettext_lazy("3 mois"),
    365: gettext_lazy("1 an"),
}
DEFAULT_PERIOD = 90


def _as_datetime(moment):
    """Events may be dated by day (an expiry) or to the minute (a publication)."""
    if isinstance(moment, datetime):
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return timezone.localtime(moment)
    if isinstance(moment, date):
        return timezone.make_aware(datetime.combine(moment, time.min))
    raise TypeError(f"ScheduleEvent.at must be a date or datetime, not {moment!r}")


def calendar(request):
    try:
        days = int(request.GET.get("jours", DEFAULT_PERIOD))
    except ValueError:
        days = DEFAULT_PERIOD
    if days not in CALENDAR_PERIODS:
        days = DEFAULT_PERIOD
    start = timezone.now()
    end = start + timedelta(days=days)
    rows = []
    for events in schedules().values():
        for event in events(start, end):
            moment = _as_datetime(event.at)
            rows.append(
                {
                    "event": event,
                    "day": moment.date(),
                    "moment": moment,
                    "has_time": isinstance(event.at, datetime),
                }
            )
    rows.sort(key=lambda row: (row["moment"], str(row["event"].label)))
    context = {
        **admin.site.each_context(request),
        "title": _("Calendrier des publications et échéances"),
        "rows": rows,
        "days": days,
        "periods": CALENDAR_PERIODS.items(),
        "end": end,
    }
    return TemplateResponse(request, "admin/calendar.html", context)


def link_report(request):
    if "verifier" in request.GET:
        report = find_broken_links(host=request.get_host())
        LinkCheck.record(report)
    else:
        # The last check's result (the one the admin home counts), None before any check.
        report = LinkCheck.last()
    context = {
        **admin.site.each_context(request),
        "title": _("Vérification des liens"),
        "report": report,
    }
    return TemplateResponse(request, "admin/link_report.html", context)


def accessibility_report(request):
    """The published or scheduled records whose texts or pictures need a second look, by
    kind, each with its warnings and a link to its form (the kinds the user may change)."""
    kinds = []
    for model in checked_kinds(request.user):
        pks = records_with_accessibility_warnings(model)
        if not pks:
            continue
        records = (
            public_records(model)
            .filter(pk__in=pks)
            .select_related(*image_fields(model))
            .order_by("-pk")
        )
        rows = [
            {
                "record": record,
                "url": admin_change_url(record),
                "warnings": [
                    (label, warning)
                    for label, warnings in record_warnings(record)
                    for warning in warnings
                ],
            }
            for record in records
        ]
        kinds.append({"name": capfirst(model._meta.verbose_name_plural), "rows": rows})
    context = {
        **admin.site.each_context(request),
        "title": _("Accessibilité des contenus publiés ou programmés"),
        "kinds": kinds,
    }
    return TemplateResponse(request, "admin/accessibility_report.html", context)
