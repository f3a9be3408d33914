"""Every output that is not an HTML page escapes by its own rules: the RSS feed, the .ics
calendars, the CSV export, the JSON-LD inside pages and the headers of the e-mails sent."""

import csv
import html
import io
import json
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alumni.models import Alumnus, AlumnusStatus
from core.mail import mail_secretariat
from core.models import SiteIdentity
from core.publication import PublicationStatus
from news.models import Category, NewsItem
from programme.models import AdmissionPhase, AdmissionTrack
from tests.html import parse_html
from tests.security.conftest import alumni_data, contact_data
from tests.security.markup import active_markup
from tests.security.payloads import PAYLOADS

pytestmark = pytest.mark.django_db

CALENDAR_INJECTION = (
    "Réunion\r\nEND:VEVENT\r\nBEGIN:VALARM\r\nACTION:DISPLAY\rX-PIRATE:1\nEND:VALARM"
    "\u2028DESCRIPTION:faux; a, b \\ c"
)


def news_item(**fields):
    category, _ = Category.objects.get_or_create(
        slug="vie-du-master", defaults={"name": "Vie du master"}
    )
    fields.setdefault("slug", f"actualite-{NewsItem.objects.count() + 1}")
    fields.setdefault("summary", "Résumé.")
    fields.setdefault("body", "<p>Texte.</p>")
    return NewsItem.objects.create(
        category=category,
        status=PublicationStatus.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
        **fields,
    )


# --- RSS --------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda payload: payload.name)
def test_feed_title_and_description_render_as_text_in_a_reader(client, payload):
    news_item(title=payload.text, summary=payload.text)
    channel = ET.fromstring(client.get(reverse("news:feed")).content).find("channel")
    (entry,) = channel.findall("item")
    for tag in ("title", "description"):
        # What a reader gets once the XML is decoded, and renders as HTML.
        decoded = entry.findtext(tag)
        assert active_markup(decoded) == [], tag
        assert html.unescape(decoded) == payload.text, tag  # nothing typed is lost


# --- iCalendar ----------------------------------------------------------------------------


def unfolded_lines(ics_bytes):
    return ics_bytes.decode().replace("\r\n ", "").split("\r\n")


def ics_unescape(value):
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def assert_one_clean_event_per_block(lines, count):
    assert lines.count("BEGIN:VEVENT") == count and lines.count("END:VEVENT") == count
    assert not any(line.startswith(("BEGIN:VALARM", "ACTION:", "X-PIRATE")) for line in lines)
    assert all("\r" not in line and "\n" not in line for line in lines)


def test_event_calendar_text_cannot_write_properties_of_its_own(client):
    item = news_item(
        title=CALENDAR_INJECTION,
        summary=CALENDAR_INJECTION,
        location=CALENDAR_INJECTION[:200],
        starts_at=timezone.now() + timedelta(days=3),
    )
    response = client.get(reverse("news:event_ics", args=[item.slug]))
    assert response.status_code == 200
    lines = unfolded_lines(response.content)
    assert_one_clean_event_per_block(lines, 1)
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    # Read back by a calendar, the title is the one typed, its line breaks as line breaks.
    expected = CALENDAR_INJECTION.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    assert ics_unescape(summary.removeprefix("SUMMARY:")) == expected


def test_admission_calendar_text_cannot_write_properties_of_its_own(client, site_content):
    AdmissionPhase.objects.create(
        track=AdmissionTrack.M1,
        label=CALENDAR_INJECTION[:60],
        opens_on=date(2026, 2, 25),
        closes_on=date(2026, 3, 24),
        notes=CALENDAR_INJECTION[:200],
    )
    phases = list(AdmissionPhase.load_all())
    assert phases
    response = client.get(reverse("programme:admission_calendar"))
    lines = unfolded_lines(response.content)
    assert_one_clean_event_per_block(lines, 2 * len(phases))


# --- CSV ----------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("https://pirate.example")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_csv_export_neutralises_every_formula(staff_client, sector):
    alumni = [
        Alumnus.objects.create(
            first_name=formula,
            last_name=formula,
            position=formula,
            employer=formula,
            city=formula,
            cohort=2020,
            sector=sector,
            email=f"ancien{number}@exemple.fr",
            status=AlumnusStatus.PUBLISHED,
        )
        for number, formula in enumerate(FORMULAS)
    ]
    response = staff_client.post(
        reverse("admin:alumni_alumnus_changelist"),
        {"action": "export_csv", "_selected_action": [alumnus.pk for alumnus in alumni]},
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row[:7]]
    assert len(rows) == len(FORMULAS) + 1
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    # The value is kept after its neutralising quote.
    assert {cell[1:] for cell in cells if cell.startswith("'")} >= set(FORMULAS)


# --- JSON-LD ------------------------------------------------------------------------------

BREAKOUTS = '</script><script>alert("xss")</script><!-- ]]> </SCRIPT >'


def strings(data):
    if isinstance(data, dict):
        data = list(data.values())
    if isinstance(data, list):
        return [value for item in data for value in strings(item)]
    return [data] if isinstance(data, str) else []


def test_json_ld_cannot_be_closed_from_the_data(client, site_content):
    item = news_item(title=BREAKOUTS, summary=BREAKOUTS)
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    tree = parse_html(response)
    scripts = [s for s in tree.iter("script") if s.get("type") == "application/ld+json"]
    assert scripts
    assert active_markup(response.content.decode()) == []
    values = [value for script in scripts for value in strings(json.loads(script.text))]
    assert BREAKOUTS in values  # read back intact by a search engine
    for script in scripts:
        assert "<" not in script.text and ">" not in script.text


# --- E-mail headers -----------------------------------------------------------------------


@pytest.fixture
def secretariat_address(site_content, django_capture_on_commit_callbacks):
    identity = SiteIdentity.load()
    identity.contact_email = "secretariat-ipps@univ-lorraine.fr"
    with django_capture_on_commit_callbacks(execute=True):
        identity.save()


def test_a_subject_with_line_breaks_is_sent_on_one_line_without_extra_headers(
    secretariat_address,
):
    assert mail_secretariat("Bonjour\r\nBcc: pirate@exemple.fr\n\rX-Test: 1", "Corps")
    (message,) = mail.outbox
    assert message.subject == "Bonjour Bcc: pirate@exemple.fr X-Test: 1"
    headers = message.message()
    assert headers["Bcc"] is None and headers["X-Test"] is None
    assert message.recipients() == ["secretariat-ipps@univ-lorraine.fr"]


def test_alumni_name_with_line_breaks_still_reaches_the_secretariat_in_one_line(
    client, secretariat_address, sector, django_capture_on_commit_callbacks
):
    data = alumni_data(sector, first_name="Élise\r\nBcc: pirate@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("alumni:update"), data)
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.message()["Bcc"] is None
    assert message.recipients() == ["secretariat-ipps@univ-lorraine.fr"]


def test_contact_subject_with_line_breaks_is_refused_with_the_message_kept(client, site_content):
    data = contact_data(subject="Candidature\r\nBcc: pirate@exemple.fr")
    response = client.post(reverse("pages:contact"), data)
    assert response.status_code == 200
    assert "une seule ligne" in response.content.decode()
    assert data["message"] in html.unescape(response.content.decode())
    assert mail.outbox == []
