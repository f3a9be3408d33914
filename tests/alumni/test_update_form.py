"""The public self-update form: validation, spam defences, photo checks, confirmation, e-mail."""

import time

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alumni import services
from alumni.models import Portrait, Submission, SubmissionStatus
from core.antispam import SALT
from core.models import SiteIdentity
from tests.alumni.conftest import png_upload, started_long_ago, stored_files

pytestmark = pytest.mark.django_db

UPDATE = reverse("alumni:update")


@pytest.fixture
def valid_data(sectors):
    return {
        "first_name": "Élise",
        "last_name": "Moselle",
        "email": "elise.moselle@exemple.fr",
        "cohort": "2019",
        "position": "Chargée de mission handicap",
        "employer": "Ville de Metz",
        "sector": str(sectors["Collectivité territoriale"].pk),
        "city": "Metz",
        "profile_url": "https://www.linkedin.com/in/elise-moselle",
        "testimonial": "Le stage m'a ouvert les portes de la collectivité.",
        "consents_to_name": "on",
        "consents_to_career": "on",
        "form_started": started_long_ago(),
        "website": "",
    }


def test_form_page_has_every_consent_unchecked(client, sectors):
    html = client.get(UPDATE).content.decode()
    for field in ("name", "career", "photo", "testimonial"):
        tag = html[html.index(f'id="id_consents_to_{field}"') - 60 :]
        tag = tag[: tag.index(">")]
        assert "checked" not in tag
    assert 'name="website"' in html  # the honeypot is there, hidden by CSS
    assert 'enctype="multipart/form-data"' in html


def test_valid_update_with_photo_creates_a_pending_submission_and_mails_the_secretariat(
    client, site_content, valid_data, settings, django_capture_on_commit_callbacks
):
    identity = SiteIdentity.load()
    identity.contact_email = "secretariat-ipps@univ-lorraine.fr"
    with django_capture_on_commit_callbacks(execute=True):
        identity.save()
    data = {**valid_data, "consents_to_photo": "on", "photo": png_upload("élise.png")}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(UPDATE, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("alumni:update_sent")
    confirmation = client.get(response["Location"]).content.decode()
    assert "Merci, votre demande est bien envoyée" in confirmation

    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.PENDING
    assert submission.consents() == {
        "name": True,
        "career": True,
        "photo": True,
        "testimonial": False,
    }
    assert submission.photo.alt_text == "Portrait de Élise Moselle"
    assert (settings.PRIVATE_MEDIA_ROOT / submission.photo.file.name).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["secretariat-ipps@univ-lorraine.fr"]
    assert mail.outbox[0].from_email == settings.DEFAULT_FROM_EMAIL
    assert "Élise Moselle" in mail.outbox[0].subject
    assert f"/alumni/submission/{submission.pk}/change/" in mail.outbox[0].body


def test_mail_falls_back_to_the_managers_without_a_contact_address(
    client, valid_data, settings, django_capture_on_commit_callbacks
):
    settings.MANAGERS = [("Secrétariat", "master-ipps@exemple.fr")]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(UPDATE, valid_data).status_code == 302
    assert mail.outbox[0].to == ["master-ipps@exemple.fr"]


def assert_refused(response, message, settings):
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Submission.objects.exists()
    assert not Portrait.objects.exists()
    assert stored_files(settings.PRIVATE_MEDIA_ROOT) == []
    assert mail.outbox == []


def test_honeypot_is_refused_and_nothing_is_stored(client, valid_data, settings):
    response = client.post(UPDATE, {**valid_data, "website": "http://spam.example"})
    assert_refused(response, "ressemble à un envoi automatique", settings)


def test_too_fast_is_refused_and_nothing_is_stored(client, valid_data, settings):
    just_now = signing.dumps(time.time(), salt=SALT)
    response = client.post(UPDATE, {**valid_data, "form_started": just_now})
    assert_refused(response, "envoyé trop vite", settings)


def test_missing_timestamp_is_refused(client, valid_data, settings):
    response = client.post(UPDATE, {**valid_data, "form_started": "falsifié"})
    assert_refused(response, "Le formulaire a expiré", settings)


def test_rate_limit_refuses_the_sixth_update_in_an_hour(client, valid_data, settings):
    for _ in range(5):
        assert client.post(UPDATE, valid_data).status_code == 302
    mail.outbox.clear()
    response = client.post(UPDATE, valid_data)
    assert response.status_code == 200
    assert "Trop d&#x27;envois depuis votre connexion" in response.content.decode()
    assert Submission.objects.count() == 5
    assert mail.outbox == []


def test_a_file_that_is_not_an_image_gets_a_french_message_and_nothing_is_stored(
    client, valid_data, settings
):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post(UPDATE, {**valid_data, "consents_to_photo": "on", "photo": fake})
    assert_refused(response, "Ce fichier n&#x27;est pas une image lisible", settings)


def test_a_gif_is_refused_with_a_french_message(client, valid_data, settings):
    import io

    from PIL import Image as PillowImage

    buffer = io.BytesIO()
    PillowImage.new("RGB", (10, 10)).save(buffer, format="GIF")
    gif = SimpleUploadedFile("anim.gif", buffer.getvalue(), content_type="image/gif")
    response = client.post(UPDATE, {**valid_data, "consents_to_photo": "on", "photo": gif})
    assert_refused(response, "Format d&#x27;image non accepté", settings)


def test_a_photo_without_consent_to_publish_it_is_refused(client, valid_data, settings):
    response = client.post(UPDATE, {**valid_data, "photo": png_upload()})
    assert_refused(response, "Vous avez joint une photo sans accepter sa publication", settings)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("first_name", "", "Ce champ est obligatoire."),
        ("email", "pas-une-adresse", "Saisissez une adresse de courriel valide."),
        ("cohort", "1850", "Indiquez une année de promotion après 1990."),
        ("cohort", "deux mille", "Saisissez un nombre entier."),
        ("profile_url", "javascript:alert(1)", "Indiquez une adresse web complète"),
        ("profile_url", "ftp://exemple.fr/cv", "Indiquez une adresse web complète"),
        ("sector", "99999", "Sélectionnez un choix valide."),
    ],
)
def test_bad_fields_get_french_messages_and_nothing_is_stored(
    client, valid_data, settings, field, value, message
):
    response = client.post(UPDATE, {**valid_data, field: value})
    assert_refused(response, message, settings)
    assert f'href="#id_{field}"' in response.content.decode()


def test_a_failure_after_the_photo_is_written_leaves_no_file(valid_data, settings):
    # The cohort is checked after the photo and its renditions are written: they must go.
    data = {**valid_data, "cohort": 1850, "sector": None, "consents_to_photo": True}
    with pytest.raises(ValidationError):
        services.submission_create(data, png_upload())
    assert not Portrait.objects.exists()
    assert stored_files(settings.PRIVATE_MEDIA_ROOT) == []
