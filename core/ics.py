"""iCalendar (RFC 5545) writing: text escaping, line folding, Paris time with its VTIMEZONE.

Written by hand: a calendar of a handful of events does not justify a dependency. Apps build
their events' lines (news: one event; programme: the application deadlines) and `calendar()`
wraps them.
"""

import re
from datetime import UTC
from zoneinfo import ZoneInfo

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


# Every line break a calendar reader might honour (a lone CR, Unicode's separators) becomes
# an escaped newline: raw, it would end the content line and let the text write properties
# of its own (« END:VEVENT », « BEGIN:VALARM »).
_LINE_BREAKS = re.compile("\r\n|[\r\n\v\f\x85\u2028\u2029]")
# The other control characters are not allowed in a TEXT value (RFC 5545 §3.1, §3.3.11).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def escape_text(value):
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, line breaks."""
    text = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\\\\n", text))


def uri(value):
    """A URI value (RFC 5545 §3.3.13): it has no escaping, so a line break or any control
    character, which no valid address holds, is dropped rather than let through."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("", str(value)))


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


def ics_date(value):
    """A DATE value (an all-day event's day)."""
    return value.strftime("%Y%m%d")


def calendar(events, product, with_paris_timezone=True):
    """The `.ics` text (CRLF line endings) of `events`, each a list of content lines.

    `product` names the producer in PRODID (« Actualites »). The VTIMEZONE is needed only
    when an event has times in Europe/Paris, not for all-day events.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Master IPPS//{product}//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *(PARIS_VTIMEZONE if with_paris_timezone else []),
        *(line for event in events for line in event),
        "END:VCALENDAR",
    ]
    return "".join(chunk + "\r\n" for line in lines for chunk in fold(line))
