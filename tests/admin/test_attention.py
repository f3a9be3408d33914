"""What each app puts on the admin home (« À traiter ») and in the « Calendrier »."""

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from alumni.models import SubmissionStatus
from core.publication import PublicationStatus
from core.registry import admin_attention_items
from programme.models import AcademicYear
from tests.staff import sign_in_two_step

from .conftest import (
    make_contact_message,
    make_document,
    make_news,
    make_phase,
    make_submission,
)

pytestmark = pytest.mark.django_db


def attention(key):
    return next(item for item in admin_attention_items() if item.key == key)


def panel(client):
    """The « À traiter » lines as staff read them: {label: (count, url)}."""
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {item["label"]: (item["count"], item["url"]) for item in response.context["attention"]}


def changelist_results(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def calendar_rows(client, days=None):
    query = {"jours": days} if days else {}
    response = client.get(reverse("admin:calendar"), query)
    assert response.status_code == 200
    return [(row["event"].kind, row["event"].label, row["day"]) for row in response.context["rows"]]


def test_every_app_registers_its_lines_on_the_admin_home():
    assert {item.key for item in admin_attention_items()} >= {
        "demandes-anciens",
        "messages-de-contact",
        "documents-qui-expirent",
        "publications-programmees",
    }


# --- Alumni: update requests waiting for review ------------------------------------------


def test_pending_alumni_requests_are_counted_and_linked_to_the_filtered_queue(
    staff_client, django_assert_num_queries
):
    waiting = [make_submission(), make_submission()]
    make_submission(status=SubmissionStatus.REJECTED)
    make_submission(status=SubmissionStatus.APPROVED)
    with django_assert_num_queries(1):
        assert attention("demandes-anciens").count() == 2

    count, url = panel(staff_client)["Demandes d'anciens étudiants à examiner"]
    assert count == 2
    assert set(changelist_results(staff_client, url)) == set(waiting)


def test_no_alumni_line_when_every_request_is_reviewed(staff_client):
    make_submission(status=SubmissionStatus.REJECTED)
    assert "Demandes d'anciens étudiants à examiner" not in panel(staff_client)


# --- Contact messages not yet processed -----------------------------------------------------


def test_unprocessed_contact_messages_are_counted_and_linked_to_the_filtered_list(
    staff_client, django_assert_num_queries
):
    unprocessed = make_contact_message()
    make_contact_message(is_handled=True)
    with django_assert_num_queries(1):
        assert attention("messages-de-contact").count() == 1

    count, url = panel(staff_client)["Messages de contact à traiter"]
    assert count == 1
    assert changelist_results(staff_client, url) == [unprocessed]


# --- Documents expiring within 30 days -------------------------------------------------------


@pytest.fixture
def documents_by_expiry():
    today = timezone.localdate()
    return {
        "today": make_document("Emploi du temps S1", valid_until=today),
        "in 30 days": make_document("Calendrier des examens", valid_until=today + timedelta(30)),
        "in 31 days": make_document("Fiche de stage", valid_until=today + timedelta(31)),
        "in 60 days": make_document("Guide des études", valid_until=today + timedelta(60)),
        "expired": make_document("Calendrier 2024", valid_until=today - timedelta(1)),
        "no date": make_document("Plaquette"),
        "draft": make_document(
            "Brouillon du règlement",
            valid_until=today + timedelta(5),
            status=PublicationStatus.DRAFT,
        ),
        "scheduled": make_document(
            "Résultats",
            valid_until=today + timedelta(10),
            published_at=timezone.now() + timedelta(days=2),
        ),
    }


def test_documents_expiring_within_30_days_are_counted_and_linked(
    staff_client, documents_by_expiry, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert attention("documents-qui-expirent").count() == 3

    count, url = panel(staff_client)["Documents qui expirent dans les 30 jours"]
    assert count == 3
    expected = {documents_by_expiry[key] for key in ("today", "in 30 days", "scheduled")}
    assert set(changelist_results(staff_client, url)) == expected


def test_calendar_shows_each_documents_last_day_in_the_chosen_window(
    staff_client, documents_by_expiry
):
    today = timezone.localdate()
    expiries = [
        (label, day)
        for kind, label, day in calendar_rows(staff_client, days=30)
        if kind.startswith("Dernier jour en ligne")
    ]
    # In date order; drafts (never on the site) and past dates are left out.
    assert expiries == [
        ("Emploi du temps S1", today),
        ("Résultats", today + timedelta(10)),
        ("Calendrier des examens", today + timedelta(30)),
    ]
    widened = [label for _kind, label, _day in calendar_rows(staff_client, days=90)]
    assert "Guide des études" in widened
    assert "Calendrier 2024" not in widened and "Brouillon du règlement" not in widened


def test_calendar_links_a_document_to_its_admin_page_and_public_link(
    staff_client, documents_by_expiry
):
    document = documents_by_expiry["in 30 days"]
    html = staff_client.get(reverse("admin:calendar")).content.decode()
    admin_url = reverse("admin:documents_document_change", args=[document.pk])
    assert f'<a href="{admin_url}">Calendrier des examens</a>' in html
    assert f'<a href="{document.get_absolute_url()}">Voir sur le site</a>' in html


# --- Admission phases -----------------------------------------------------------------------


def test_calendar_shows_admission_openings_and_closings_in_the_window(staff_client):
    today = timezone.localdate()
    make_phase(today + timedelta(10), today + timedelta(40), label="Phase principale")
    make_phase(today - timedelta(20), today + timedelta(5), label="Phase en cours")
    make_phase(today + timedelta(100), today + timedelta(120), label="Phase d'automne")
    make_phase(today - timedelta(60), today - timedelta(30), label="Phase passée")

    year = AcademicYear.load_current()

    rows = calendar_rows(staff_client, days=30)
    admission = [(kind, label.split(" — ")[1], day) for kind, label, day in rows]
    assert admission == [
        (
            "Clôture des candidatures (dernier jour)",
            f"Phase en cours ({year})",
            today + timedelta(5),
        ),
        ("Ouverture des candidatures", f"Phase principale ({year})", today + timedelta(10)),
    ]
    # Three months: the closing of the main phase comes in, the autumn phase not yet.
    labels = [label for _kind, label, _day in calendar_rows(staff_client, days=90)]
    assert labels.count(f"Entrée en M2 — Phase principale ({year})") == 2
    assert not [label for label in labels if "automne" in label or "passée" in label]


def test_admission_events_point_to_the_phase_and_the_admission_block(staff_client):
    today = timezone.localdate()
    phase = make_phase(today + timedelta(3), today + timedelta(20))
    html = staff_client.get(reverse("admin:calendar")).content.decode()
    admin_url = reverse("admin:programme_admissionphase_change", args=[phase.pk])
    assert f'<a href="{admin_url}">Entrée en M2 — Phase principale ({phase.year})</a>' in html
    assert f'<a href="{phase.year.get_absolute_url()}#admission">' in html


# --- Scheduled publications (news and every other publishable model) ------------------------


def test_scheduled_news_are_counted_once_and_shown_in_the_calendar(
    staff_client, django_assert_num_queries
):
    soon = timezone.now() + timedelta(days=4)
    make_news("Soutenances des mémoires", published_at=soon)
    make_news("Déjà publiée")
    make_news("Brouillon", status=PublicationStatus.DRAFT, published_at=None)
    make_document("Résultats du jury", published_at=soon)
    make_news("Dans deux ans", published_at=timezone.now() + timedelta(days=700))
    with django_assert_num_queries(1):
        assert attention("publications-programmees").count() == 2

    count, url = panel(staff_client)["Publications programmées (voir le calendrier)"]
    assert count == 2
    rows = [(kind, label) for kind, label, _day in calendar_rows(staff_client)]
    assert ("Publication", "Soutenances des mémoires") in rows
    assert ("Publication", "Résultats du jury") in rows
    assert not {"Déjà publiée", "Brouillon", "Dans deux ans"} & {label for _k, label in rows}
    assert staff_client.get(url).status_code == 200


def test_home_panel_lists_every_kind_with_real_records(staff_client):
    today = timezone.localdate()
    make_submission()
    make_contact_message()
    make_contact_message()
    make_document(valid_until=today + timedelta(7))
    make_news("Rentrée", published_at=timezone.now() + timedelta(days=2))
    html = unescape(staff_client.get(reverse("admin:index")).content.decode())
    for label, count in [
        ("Demandes d'anciens étudiants à examiner", 1),
        ("Messages de contact à traiter", 2),
        ("Documents qui expirent dans les 30 jours", 1),
        ("Publications programmées (voir le calendrier)", 1),
    ]:
        assert f'{label}</a> <strong class="attention__count">{count}</strong>' in html


def test_work_to_do_comes_before_the_scheduled_publications(staff_client):
    make_submission()
    make_contact_message()
    make_document(valid_until=timezone.localdate() + timedelta(3))
    make_news("Rentrée", published_at=timezone.now() + timedelta(days=2))
    expected = [
        "Messages de contact à traiter",
        "Demandes d'anciens étudiants à examiner",
        "Documents qui expirent dans les 30 jours",
        "Publications programmées (voir le calendrier)",
    ]
    # The site's own setup lines (pages to check, fiche, contact address) are left aside.
    assert [label for label in panel(staff_client) if label in expected] == [
        "Messages de contact à traiter",
        "Demandes d'anciens étudiants à examiner",
        "Documents qui expirent dans les 30 jours",
        "Publications programmées (voir le calendrier)",
    ]


def test_staff_without_access_to_a_list_are_not_sent_to_it(client, django_user_model):
    make_submission()
    make_contact_message()
    make_news("Rentrée", published_at=timezone.now() + timedelta(days=2))
    no_group = django_user_model.objects.create_user(
        "stagiaire@univ-lorraine.fr", password="Ipps-stagiaire-2026!", is_staff=True
    )
    client.force_login(no_group)
    assert list(panel(client)) == ["Publications programmées (voir le calendrier)"]


def test_read_only_staff_see_only_the_information_lines(client, programme_manager):
    make_submission()
    make_contact_message()
    make_document(valid_until=timezone.localdate() + timedelta(3))
    make_news("Rentrée", published_at=timezone.now() + timedelta(days=2))
    sign_in_two_step(client, programme_manager)
    # The programme manager edits the fiche: what it lacks is theirs to fill in.
    assert list(panel(client)) == [
        "Informations manquantes dans la fiche formation",
        "Publications programmées (voir le calendrier)",
    ]
