"""iCalendar export of one event, in Paris time (the writer itself is `core.ics`), in the
active language: in English each text says its language (RFC 5545 LANGUAGE parameter), since
a field without an English version stays in French; the French calendar is as it always was."""

from datetime import timedelta

from django.utils import timezone

from core.ics import calendar, escape_text, paris_time, uri, utc_time
from core.translation import SOURCE_LANGUAGE, active_language

# An event without an end is exported as lasting one hour, as calendar apps expect an end.
DEFAULT_DURATION = timedelta(hours=1)


def event_calendar(item, url, domain, now=None):
    """The `.ics` text (CRLF line endings) of the event `item` whose page is `url`."""
    now = now or timezone.now()
    ends_at = item.ends_at or item.starts_at + DEFAULT_DURATION
    text = item.localized

    def language(field):
        if active_language() == SOURCE_LANGUAGE:
            return ""
        return f";LANGUAGE={getattr(text.language_of, field)}"

    event = [
        "BEGIN:VEVENT",
        f"UID:actualite-{item.pk}@{domain}",
        f"DTSTAMP:{utc_time(now)}",
        f"DTSTART;TZID=Europe/Paris:{paris_time(item.starts_at)}",
        f"DTEND;TZID=Europe/Paris:{paris_time(ends_at)}",
        f"SUMMARY{language('title')}:{escape_text(text.title)}",
        f"DESCRIPTION{language('summary')}:{escape_text(text.summary)}",
        f"URL:{uri(url)}",
        f"LAST-MODIFIED:{utc_time(item.updated_at)}",
    ]
    if item.location:
        event.append(f"LOCATION{language('location')}:{escape_text(text.location)}")
    event.append("END:VEVENT")
    return calendar([event], "Actualites")
