"""iCalendar export of one event, in Paris time (the writer itself is `core.ics`)."""

from datetime import timedelta

from django.utils import timezone

from core.ics import calendar, escape_text, paris_time, uri, utc_time

# An event without an end is exported as lasting one hour, as calendar apps expect an end.
DEFAULT_DURATION = timedelta(hours=1)


def event_calendar(item, url, domain, now=None):
    """The `.ics` text (CRLF line endings) of the event `item` whose page is `url`."""
    now = now or timezone.now()
    ends_at = item.ends_at or item.starts_at + DEFAULT_DURATION
    event = [
        "BEGIN:VEVENT",
        f"UID:actualite-{item.pk}@{domain}",
        f"DTSTAMP:{utc_time(now)}",
        f"DTSTART;TZID=Europe/Paris:{paris_time(item.starts_at)}",
        f"DTEND;TZID=Europe/Paris:{paris_time(ends_at)}",
        f"SUMMARY:{escape_text(item.title)}",
        f"DESCRIPTION:{escape_text(item.summary)}",
        f"URL:{uri(url)}",
        f"LAST-MODIFIED:{utc_time(item.updated_at)}",
    ]
    if item.location:
        event.append(f"LOCATION:{escape_text(item.location)}")
    event.append("END:VEVENT")
    return calendar([event], "Actualites")
