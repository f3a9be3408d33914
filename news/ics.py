"""iCalendar (RFC 5545) export of one event, in Paris time with its VTIMEZONE.

Written by hand: one event with a handful of properties does not justify a dependency.
"""

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

PARIS = ZoneInfo("Europe/Paris")

PARIS_VTIMEZONE = [
    # The European Union rule in force since 1996: summer time from the last Sunday of
    # March 02:00 to the last Sunday of October 03:00.
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Paris",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]

# An event without an end is exported as lasting one hour, as calendar apps expect an end.
DEFAULT_DURATION = timedelta(hours=1)


def escape_text(value):
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line):
    """Split a content line into chunks of at most 75 octets (RFC 5545 §3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return [line]
    chunks, current, limit = [], b"", 75
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > limit:
            chunks.append(current.decode())
            current, limit = b"", 74  # continuation lines start with a space
        current += piece
    chunks.append(current.decode())
    return [chunks[0], *(" " + chunk for chunk in chunks[1:])]


def paris_time(value):
    return value.astimezone(PARIS).strftime("%Y%m%dT%H%M%S")


def utc_time(value):
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


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
        f"URL:{url}",
        f"LAST-MODIFIED:{utc_time(item.updated_at)}",
    ]
    if item.location:
        event.append(f"LOCATION:{escape_text(item.location)}")
    event.append("END:VEVENT")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Master IPPS//Actualites//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *PARIS_VTIMEZONE,
        *event,
        "END:VCALENDAR",
    ]
    return "".join(chunk + "\r\n" for line in lines for chunk in fold(line))
