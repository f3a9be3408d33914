"""The admin for the secretariat: lists, filters, bulk actions, moderation, CSV, erasure."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core import signing
from django.urls import reverse
from reversion.models import Version

from alumni.models import Alumnus, AlumnusStatus, ConsentRecord, OfficialOutcome, Submission
from core.antispam import SALT
from tests.alumni.conftest import png_upload, stored_files

pytestmark = pytest.mark.django_db


def test_changelist_with_search_and_filters_renders(staff_client, make_alumnus):
    make_alumnus(first_name="Cherchée", last_name="Trouvée", cohort=2015)
    make_alumnus(first_name="Autre", last_name="Personne", cohort=2016)
    url = reverse("admin:alumni_alumnus_changelist")
    response = staff_client.get(url, {"q": "Trouvée", "cohort": 2015, "status__exact": "published"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cherchée Trouvée" in html
    assert "Autre Personne" not in html


@pytest.mark.parametrize(
    "name",
    ["alumnus", "submission", "sector", "officialoutcome"],
)
def test_add_and_list_pages_render(staff_client, name):
    assert staff_client.get(reverse(f"admin:alumni_{name}_changelist")).status_code == 200
    if name != "submission":  # submissions only come from the public form
        assert staff_client.get(reverse(f"admin:alumni_{name}_add")).status_code == 200


def test_bulk_publish_and_hide(staff_client, make_alumnus):
    pending = make_alumnus(status=AlumnusStatus.PENDING)
    url = reverse("admin:alumni_alumnus_changelist")
    staff_client.post(url, {"action": "publish", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == AlumnusStatus.PUBLISHED
    staff_client.post(url, {"action": "hide", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == AlumnusStatus.HIDDEN


def test_csv_export_action_downloads_a_neutralised_file(staff_client, make_alumnus):
    alumnus = make_alumnus(employer="=cmd|' /C calc'!A0")
    response = staff_client.post(
        reverse("admin:alumni_alumnus_changelist"),
        {"action": "export_csv", "_selected_action": [alumnus.pk]},
    )
    assert response["Content-Type"] == "text/csv"
    assert "attachment;" in response["Content-Disposition"]
    body = response.content.decode("utf-8-sig")
    assert ";'=cmd|' /C calc'!A0;" in body


def change_data(alumnus, **overrides):
    data = {
        "first_name": alumnus.first_name,
        "last_name": alumnus.last_name,
        "cohort": alumnus.cohort,
        "email": alumnus.email,
        "status": alumnus.status,
        "position": alumnus.position,
        "employer": alumnus.employer,
        "sector": alumnus.sector_id or "",
        "city": alumnus.city,
        "profile_url": alumnus.profile_url,
        "testimonial": alumnus.testimonial,
        "consent_method": "",
        "consent_note": "",
        "consent_records-TOTAL_FORMS": 0,
        "consent_records-INITIAL_FORMS": 0,
    }
    for field in ("name", "career", "photo", "testimonial"):
        if getattr(alumnus, f"consents_to_{field}"):
            data[f"consents_to_{field}"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_changing_a_consent_in_the_admin_requires_how_it_was_given_and_is_recorded(
    staff_client, make_alumnus
):
    alumnus = make_alumnus(testimonial="Un beau parcours.")
    url = reverse("admin:alumni_alumnus_change", args=[alumnus.pk])
    base = change_data(alumnus)
    response = staff_client.post(url, {**base, "consents_to_testimonial": "on"})
    assert response.status_code == 200
    assert "Indiquez comment ce consentement a été recueilli" in response.content.decode()
    assert not ConsentRecord.objects.filter(alumnus=alumnus).exists()

    response = staff_client.post(
        url,
        {
            **base,
            "consents_to_testimonial": "on",
            "consent_method": "paper_form",
            "consent_note": "Formulaire signé le 2 mars",
        },
    )
    assert response.status_code == 302
    alumnus.refresh_from_db()
    assert alumnus.consents_to_testimonial is True
    record = ConsentRecord.objects.get(alumnus=alumnus)
    assert (record.scope, record.is_granted, record.method) == ("testimonial", True, "paper_form")
    assert record.note == "Formulaire signé le 2 mars"


def test_deleting_an_alumnus_in_the_admin_erases_their_files_and_submissions(
    staff_client, make_alumnus, make_photo, settings, django_capture_on_commit_callbacks
):
    alumnus = make_alumnus(photo=make_photo())
    change_url = reverse("admin:alumni_alumnus_change", args=[alumnus.pk])
    assert staff_client.get(change_url).status_code == 200
    # An edit through the admin keeps a copy in the history, which erasure must remove.
    staff_client.post(change_url, change_data(alumnus, city="Nancy"))
    assert Version.objects.filter(object_id=str(alumnus.pk)).exists()
    Submission.objects.create(
        first_name="x", last_name="y", email=alumnus.email, cohort=2020, alumnus=alumnus
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:alumni_alumnus_delete", args=[alumnus.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Alumnus.objects.exists()
    assert not Submission.objects.exists()
    assert not Version.objects.filter(content_type__app_label="alumni").exists()
    assert not LogEntry.objects.filter(object_repr__contains=alumnus.full_name).exists()
    assert stored_files(settings.PRIVATE_MEDIA_ROOT) == []


def test_moderation_buttons_approve_merge_and_reject(
    client, staff_client, make_alumnus, sectors, django_capture_on_commit_callbacks
):
    def submit(first_name, email):
        client.post(
            reverse("alumni:update"),
            {
                "first_name": first_name,
                "last_name": "Envoyeur",
                "email": email,
                "cohort": "2020",
                "consents_to_name": "on",
                "consents_to_photo": "on",
                "photo": png_upload(),
                "form_started": signing.dumps(0, salt=SALT),
            },
        )
        return Submission.objects.get(first_name=first_name)

    queue = reverse("admin:alumni_submission_changelist")
    assert staff_client.get(queue, {"status__exact": "pending"}).status_code == 200

    approved = submit("Approuvé", "a@exemple.fr")
    url = reverse("admin:alumni_submission_change", args=[approved.pk])
    assert "Approuver : nouvelle fiche" in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"alumnus": "", "_approve": "1"})
    assert response.status_code == 302
    assert Alumnus.objects.get(first_name="Approuvé").status == AlumnusStatus.PUBLISHED

    target = make_alumnus(first_name="Cible", email="cible@exemple.fr")
    merged = submit("Fusionné", "autre@exemple.fr")
    url = reverse("admin:alumni_submission_change", args=[merged.pk])
    response = staff_client.post(url, {"alumnus": target.pk, "_merge": "1"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.first_name == "Fusionné"
    assert target.photo_id == merged.photo_id

    rejected = submit("Rejeté", "r@exemple.fr")
    url = reverse("admin:alumni_submission_change", args=[rejected.pk])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"alumnus": "", "_reject": "1"})
    rejected.refresh_from_db()
    assert rejected.status == "rejected"
    assert rejected.photo is None
    assert not Alumnus.objects.filter(first_name="Rejeté").exists()


def test_the_queue_lists_pending_requests_first(staff_client, db):
    def request(first_name, status):
        return Submission.objects.create(
            first_name=first_name, last_name="X", email="x@exemple.fr", cohort=2020, status=status
        )

    request("Ancienne", "pending")
    request("Traitée", "rejected")
    html = staff_client.get(reverse("admin:alumni_submission_changelist")).content.decode()
    assert html.index("Ancienne X") < html.index("Traitée X")


def test_merge_button_without_a_target_explains_in_french(client, staff_client, sectors):
    submission = Submission.objects.create(
        first_name="Sans", last_name="Cible", email="s@exemple.fr", cohort=2020
    )
    url = reverse("admin:alumni_submission_change", args=[submission.pk])
    response = staff_client.post(url, {"alumnus": "", "_merge": "1"}, follow=True)
    assert "Choisissez d&#x27;abord la fiche existante" in response.content.decode()


def test_official_outcome_refuses_a_rate_above_100(staff_client):
    response = staff_client.post(
        reverse("admin:alumni_officialoutcome_add"),
        {
            "cohort": 2022,
            "insertion_rate_18_months": "120",
            "surveyed_on": "2024-12-01",
            "source_label": "Observatoire",
        },
    )
    assert response.status_code == 200
    assert not OfficialOutcome.objects.exists()
