"""The .ics file of an event, parsed back with a small RFC 5545 reader."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from core.ics import fold
from core.publication import PublicationStatus

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def unfold(text):
    """Content lines of an iCalendar text; every physical line must end in CRLF."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in physical)
    assert all(len(line.encode()) <= 75 for line in physical)
    lines = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def parse(text):
    """[(name, params, value)] of every content line."""
    parsed = []
    for line in unfold(text):
        head, value = line.split(":", 1)
        name, *raw_params = head.split(";")
        params = dict(param.split("=", 1) for param in raw_params)
        parsed.append((name, params, value))
    return parsed


def component(parsed, name):
    """Properties of the first component `name`, as {property: (params, value)}."""
    start = parsed.index(("BEGIN", {}, name))
    end = parsed.index(("END", {}, name), start)
    return {prop: (params, value) for prop, params, value in parsed[start + 1 : end]}


def unescape(value):
    return value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


def local_time(params, value):
    assert params == {"TZID": "Europe/Paris"}
    return datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=PARIS)


def vtimezone_offset(vtimezone_text, moment):
    """UTC offset the file's VTIMEZONE gives at `moment` (last-Sunday rules)."""
    parsed = parse(vtimezone_text)
    daylight, standard = component(parsed, "DAYLIGHT"), component(parsed, "STANDARD")

    # Wall-clock times are compared with a placeholder UTC tzinfo (only the digits count).
    def last_sunday(year, month, hour):
        day = datetime(year, month + 1, 1, hour, tzinfo=UTC) - timedelta(days=1)
        while day.weekday() != 6:
            day -= timedelta(days=1)
        return day

    assert daylight["RRULE"][1] == "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"
    assert standard["RRULE"][1] == "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"
    local = moment.replace(tzinfo=UTC)
    in_summer = last_sunday(local.year, 3, 2) <= local < last_sunday(local.year, 10, 3)
    offset = (daylight if in_summer else standard)["TZOFFSETTO"][1]
    return timedelta(hours=int(offset[1:3])) * (1 if offset[0] == "+" else -1)


def download(client, item):
    response = client.get(item.ics_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{item.slug}.ics"'
    return response.content.decode()


@pytest.mark.parametrize(
    ("local_start", "expected_utc_hour"),
    [
        (datetime(2027, 1, 14, 14, 0, tzinfo=PARIS), 13),  # winter: UTC+1
        (datetime(2027, 6, 14, 14, 0, tzinfo=PARIS), 12),  # summer: UTC+2
        (datetime(2027, 3, 28, 9, 30, tzinfo=PARIS), 7),  # the morning summer time starts
        (datetime(2027, 10, 31, 9, 30, tzinfo=PARIS), 8),  # the morning winter time comes back
    ],
)
def test_event_calendar_is_valid_and_in_paris_time_across_dst(
    client, make_item, local_start, expected_utc_hour
):
    starts_at = local_start
    item = make_item(
        title="Soutenances, session de juin; salle B",
        summary="Venez nombreux.\nEntrée libre, sans inscription.",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        location="UFR SHA, Île du Saulcy, Metz",
    )
    text = download(client, item)
    parsed = parse(text)
    assert parsed[0] == ("BEGIN", {}, "VCALENDAR") and parsed[-1] == ("END", {}, "VCALENDAR")
    calendar = {name: value for name, _, value in parsed}
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]

    event = component(parsed, "VEVENT")
    assert event["UID"][1] == f"actualite-{item.pk}@{settings.SITE_DOMAIN}"
    stamp = datetime.strptime(event["DTSTAMP"][1], "%Y%m%dT%H%M%S%z")
    assert stamp.utcoffset() == timedelta(0)
    assert abs(stamp - timezone.now()) < timedelta(minutes=1)
    start = local_time(*event["DTSTART"])
    end = local_time(*event["DTEND"])
    assert start == starts_at and end == starts_at + timedelta(hours=3)
    assert start.astimezone(UTC).hour == expected_utc_hour

    vtimezone_start = text.index("BEGIN:VTIMEZONE")
    vtimezone = text[vtimezone_start : text.index("END:VTIMEZONE") + len("END:VTIMEZONE\r\n")]
    assert "TZID:Europe/Paris" in vtimezone
    assert vtimezone_offset(vtimezone, start) == starts_at.utcoffset()
    assert (start.replace(tzinfo=UTC) - vtimezone_offset(vtimezone, start)).hour == (
        expected_utc_hour
    )

    assert unescape(event["SUMMARY"][1]) == item.title
    assert unescape(event["DESCRIPTION"][1]) == item.summary
    assert unescape(event["LOCATION"][1]) == item.location
    assert event["URL"][1] == f"http://testserver{item.get_absolute_url()}"


def test_event_without_end_lasts_one_hour_in_the_calendar(client, make_item):
    starts_at = timezone.now() + timedelta(days=4)
    item = make_item(starts_at=starts_at)
    event = component(parse(download(client, item)), "VEVENT")
    start, end = local_time(*event["DTSTART"]), local_time(*event["DTEND"])
    assert end - start == timedelta(hours=1)
    assert "LOCATION" not in event


def test_long_lines_are_folded_without_splitting_characters():
    line = "SUMMARY:" + "Journée « portes ouvertes » é" * 10
    chunks = fold(line)
    assert all(len(chunk.encode()) <= 75 for chunk in chunks)
    assert chunks[0] + "".join(chunk[1:] for chunk in chunks[1:]) == line


def test_calendar_file_of_a_non_event_or_hidden_event_answers_404(client, make_item):
    plain = make_item()
    draft = make_item(starts_at=timezone.now(), status=PublicationStatus.DRAFT)
    scheduled = make_item(
        starts_at=timezone.now() + timedelta(days=9),
        published_at=timezone.now() + timedelta(days=1),
    )
    for item in (plain, draft, scheduled):
        assert client.get(f"/actualites/{item.slug}/evenement.ics").status_code == 404
