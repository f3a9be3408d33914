"""Moderation, consent ledger, withdrawal by e-mailed link, erasure, CSV export."""

import csv
import html
import io
import re

import pytest
import reversion
from django.core import mail, signing
from django.urls import reverse
from reversion.models import Version

from alumni import services
from alumni.models import (
    Alumnus,
    AlumnusStatus,
    ConsentMethod,
    ConsentRecord,
    Portrait,
    Submission,
    SubmissionStatus,
)
from tests.alumni.conftest import png_upload, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the after-commit work (file deletions, mails) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def make_submission(sectors):
    def build(photo=False, **kwargs):
        data = {
            "first_name": "Bruno",
            "last_name": "Lorrain",
            "email": "bruno.lorrain@exemple.fr",
            "cohort": 2016,
            "position": "Directeur de CCAS",
            "employer": "CCAS de Thionville",
            "sector": sectors["Collectivité territoriale"],
            "city": "Thionville",
            "profile_url": "",
            "testimonial": "Merci à l'équipe pédagogique.",
            "consents_to_name": True,
            "consents_to_career": True,
            "consents_to_photo": photo,
            "consents_to_testimonial": False,
        }
        data.update(kwargs)
        return services.submission_create(data, png_upload() if photo else None)

    return build


def test_approve_publishes_a_new_entry_with_the_submitted_consents_in_the_ledger(
    make_submission,
):
    submission = make_submission(photo=True)
    alumnus = services.submission_approve(submission)
    assert alumnus.status == AlumnusStatus.PUBLISHED
    assert alumnus.full_name == "Bruno Lorrain"
    assert alumnus.photo == submission.photo
    assert alumnus.consents() == {
        "name": True,
        "career": True,
        "photo": True,
        "testimonial": False,
    }
    ledger = ConsentRecord.objects.filter(alumnus=alumnus)
    assert sorted(ledger.values_list("scope", "is_granted")) == [
        ("career", True),
        ("name", True),
        ("photo", True),
    ]
    assert {record.method for record in ledger} == {ConsentMethod.ONLINE_FORM}
    assert {record.recorded_at for record in ledger} == {submission.created_at}
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    assert submission.alumnus == alumnus
    with pytest.raises(services.ModerationError):
        services.submission_approve(submission)


def test_merge_updates_the_chosen_entry_replaces_its_photo_and_keeps_the_ledger_history(
    make_submission, make_alumnus, make_photo, settings, on_commit
):
    old_photo = make_photo()
    old_names = old_photo.stored_names()
    target = make_alumnus(
        first_name="Bruno",
        last_name="Lorrain",
        email="bruno.lorrain@exemple.fr",
        employer="Ancien employeur",
        city="Metz",
        photo=old_photo,
        consents_to_testimonial=True,
        testimonial="Ancien témoignage",
    )
    submission = make_submission(photo=True, city="", testimonial="")
    assert submission.alumnus == target  # proposed from the same e-mail
    with on_commit():
        services.submission_merge(submission, target)
    target.refresh_from_db()
    assert target.employer == "CCAS de Thionville"
    assert target.city == "Metz"  # left empty in the form: kept
    assert target.testimonial == "Ancien témoignage"
    assert target.photo == submission.photo
    assert not Portrait.objects.filter(pk=old_photo.pk).exists()
    for name in old_names:
        assert not (settings.PRIVATE_MEDIA_ROOT / name).exists()
    assert target.consents_to_photo is True
    assert target.consents_to_testimonial is False  # the form's unchecked box withdraws it
    withdrawal = ConsentRecord.objects.get(alumnus=target, scope="testimonial")
    assert withdrawal.is_granted is False
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.MERGED


def test_merge_without_a_target_is_refused(make_submission):
    submission = make_submission()
    with pytest.raises(services.ModerationError):
        services.submission_merge(submission, None)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PENDING


def test_reject_deletes_the_sent_photo_and_publishes_nothing(make_submission, settings, on_commit):
    submission = make_submission(photo=True)
    assert stored_files(settings.PRIVATE_MEDIA_ROOT)
    with on_commit():
        services.submission_reject(submission)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED
    assert submission.photo is None
    assert not Alumnus.objects.exists()
    assert not Portrait.objects.exists()
    assert stored_files(settings.PRIVATE_MEDIA_ROOT) == []


def test_deleting_a_request_deletes_its_photo_unless_an_entry_uses_it(
    make_submission, settings, on_commit
):
    kept = make_submission(photo=True)
    services.submission_approve(kept)
    dropped = make_submission(photo=True, email="autre@exemple.fr")
    dropped_names = dropped.photo.stored_names()
    with on_commit():
        services.submission_delete(Submission.objects.get(pk=kept.pk))
        services.submission_delete(dropped)
    assert list(Portrait.objects.all()) == [Alumnus.objects.get().photo]
    assert all(not (settings.PRIVATE_MEDIA_ROOT / name).exists() for name in dropped_names)
    assert (settings.PRIVATE_MEDIA_ROOT / Alumnus.objects.get().photo.file.name).exists()


def test_erasure_leaves_no_file_no_submission_no_history(make_submission, settings, on_commit):
    alumnus = services.submission_approve(make_submission(photo=True))
    make_submission(photo=True)  # a second, pending request from the same address
    # Every admin edit stores a copy in the history (django-reversion): so does this one.
    with reversion.create_revision():
        alumnus.save()
    assert Version.objects.exists()
    assert len(stored_files(settings.PRIVATE_MEDIA_ROOT)) >= 2
    with on_commit():
        services.alumnus_erase(alumnus)
    assert not Alumnus.objects.exists()
    assert not Submission.objects.exists()
    assert not ConsentRecord.objects.exists()
    assert not Portrait.objects.exists()
    assert not Version.objects.filter(content_type__model="alumnus").exists()
    assert stored_files(settings.PRIVATE_MEDIA_ROOT) == []


def test_withdrawal_by_emailed_link_unpublishes_at_once(
    client, make_alumnus, make_photo, on_commit, settings
):
    alumnus = make_alumnus(
        first_name="Retrait",
        last_name="Demandé",
        email="retrait@exemple.fr",
        photo=make_photo(),
        consents_to_photo=True,
        testimonial="Mon témoignage public.",
        consents_to_testimonial=True,
    )
    photo_names = alumnus.photo.stored_names()
    response = client.post(
        reverse("alumni:withdraw"),
        {
            "email": "RETRAIT@exemple.fr",
            "scopes": ["photo", "testimonial"],
            "form_started": signing.dumps(0, salt="core.antispam"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("alumni:withdraw_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["retrait@exemple.fr"]
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]

    # Opening the link changes nothing (mail scanners open links); the button does.
    page = client.get(path)
    assert "Confirmer le retrait" in page.content.decode()
    alumnus.refresh_from_db()
    assert alumnus.consents_to_photo is True

    with on_commit():
        done = client.post(path)
    assert "Votre consentement est retiré" in done.content.decode()
    alumnus.refresh_from_db()
    assert alumnus.consents_to_photo is False
    assert alumnus.consents_to_testimonial is False
    assert alumnus.consents_to_name is True
    assert alumnus.photo is None
    assert all(not (settings.PRIVATE_MEDIA_ROOT / name).exists() for name in photo_names)
    withdrawals = ConsentRecord.objects.filter(alumnus=alumnus, is_granted=False)
    assert sorted(withdrawals.values_list("scope", flat=True)) == ["photo", "testimonial"]
    assert {record.method for record in withdrawals} == {ConsentMethod.WITHDRAWAL_LINK}
    directory = client.get(reverse("alumni:directory")).content.decode()
    assert "Retrait Demandé" in directory
    assert "Mon témoignage public." not in directory


def test_withdrawal_for_an_unknown_address_says_the_same_and_sends_nothing(client, db):
    response = client.post(
        reverse("alumni:withdraw"),
        {
            "email": "inconnu@exemple.fr",
            "scopes": ["name"],
            "form_started": signing.dumps(0, salt="core.antispam"),
        },
    )
    assert response["Location"] == reverse("alumni:withdraw_sent")
    assert mail.outbox == []


def test_withdrawal_form_requires_a_scope_in_french(client, db):
    response = client.post(
        reverse("alumni:withdraw"),
        {"email": "a@exemple.fr", "form_started": signing.dumps(0, salt="core.antispam")},
    )
    assert "Cochez au moins une information à retirer." in response.content.decode()


@pytest.mark.parametrize("token", ["nimportequoi", "eyJhIjoxfQ:forged:signature"])
def test_forged_withdrawal_links_are_refused_in_french(client, db, token):
    response = client.get(reverse("alumni:withdraw_confirm", args=[token]))
    assert response.status_code == 400
    assert "Ce lien n'est plus valable" in html.unescape(response.content.decode())


def test_expired_withdrawal_link_is_refused(client, make_alumnus):
    alumnus = make_alumnus()
    token = services.withdrawal_token(alumnus, ["name"])
    original = services.WITHDRAWAL_MAX_AGE
    services.WITHDRAWAL_MAX_AGE = -1
    try:
        response = client.post(reverse("alumni:withdraw_confirm", args=[token]))
    finally:
        services.WITHDRAWAL_MAX_AGE = original
    assert response.status_code == 400
    alumnus.refresh_from_db()
    assert alumnus.consents_to_name is True


@pytest.mark.parametrize("dangerous", ["=1+2", "+33 3 87", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_export_neutralises_formula_cells(make_alumnus, dangerous):
    make_alumnus(last_name=dangerous, employer=dangerous, position="Chargé de mission")
    stream = io.StringIO()
    services.alumni_write_csv(Alumnus.objects.all(), stream)
    header, row = list(csv.reader(io.StringIO(stream.getvalue()), delimiter=";"))
    assert row[header.index("Employeur")] == "'" + dangerous
    assert row[header.index("Nom")] == "'" + dangerous
    assert row[header.index("Poste")] == "Chargé de mission"


def test_csv_cells_are_safe_as_values():
    assert services.csv_safe("=HYPERLINK()") == "'=HYPERLINK()"
    assert services.csv_safe("Mairie") == "Mairie"
    assert services.csv_safe(2020) == "2020"
    assert services.csv_safe(None) == ""


def test_withdrawal_form_has_the_same_spam_defences(client, make_alumnus):
    make_alumnus(email="cible@exemple.fr")
    response = client.post(
        reverse("alumni:withdraw"),
        {
            "email": "cible@exemple.fr",
            "scopes": ["name"],
            "website": "http://spam.example",
            "form_started": signing.dumps(0, salt="core.antispam"),
        },
    )
    assert response.status_code == 200
    assert "ressemble à un envoi automatique" in response.content.decode()
    assert mail.outbox == []
