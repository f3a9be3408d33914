"""Every message for the secretariat goes to the same address, with the same fallback."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from alumni.models import Submission
from core.models import SiteIdentity
from pages.models import ContactMessage
from tests.alumni.conftest import started_long_ago

pytestmark = pytest.mark.django_db


def send_contact_message(client):
    response = client.post(
        reverse("pages:contact"),
        {
            "name": "Camille Martin",
            "email": "camille.martin@exemple.fr",
            "subject": "Candidature en M2",
            "message": "Bonjour, quelles sont les dates de candidature ?",
            "consent": "on",
            "website": "",
            "form_started": started_long_ago(),
        },
    )
    assert response.status_code == 302
    return ContactMessage.objects.count()


def send_alumni_update(client):
    response = client.post(
        reverse("alumni:update"),
        {
            "first_name": "Élise",
            "last_name": "Moselle",
            "email": "elise.moselle@exemple.fr",
            "cohort": "2019",
            "position": "Chargée de mission handicap",
            "employer": "Ville de Metz",
            "city": "Metz",
            "consents_to_name": "on",
            "form_started": started_long_ago(),
            "website": "",
        },
    )
    assert response.status_code == 302
    return Submission.objects.count()


SECRETARIAT_MAIL_PATHS = pytest.mark.parametrize(
    "send", [send_contact_message, send_alumni_update], ids=["contact", "alumni-update"]
)


@pytest.fixture
def contact_address(site_content, django_capture_on_commit_callbacks):
    """Set the site identity's contact address (empty: none), as the admin saves it."""

    def set_address(address):
        identity = SiteIdentity.load()
        identity.contact_email = address
        with django_capture_on_commit_callbacks(execute=True):
            identity.save()

    return set_address


@SECRETARIAT_MAIL_PATHS
def test_mail_goes_to_the_identity_contact_address_first(
    client, send, contact_address, settings, django_capture_on_commit_callbacks
):
    contact_address("secretariat-ipps@univ-lorraine.fr")
    settings.MANAGERS = [("Secrétariat", "managers@exemple.fr")]
    with django_capture_on_commit_callbacks(execute=True):
        send(client)
    assert [message.to for message in mail.outbox] == [["secretariat-ipps@univ-lorraine.fr"]]
    assert mail.outbox[0].from_email == settings.DEFAULT_FROM_EMAIL


@SECRETARIAT_MAIL_PATHS
def test_without_a_contact_address_mail_goes_to_the_managers(
    client, send, contact_address, settings, django_capture_on_commit_callbacks
):
    contact_address("")
    settings.MANAGERS = [("Secrétariat", "managers@exemple.fr")]
    with django_capture_on_commit_callbacks(execute=True):
        send(client)
    assert [message.to for message in mail.outbox] == [["managers@exemple.fr"]]


@SECRETARIAT_MAIL_PATHS
def test_without_any_address_the_record_is_kept_and_a_warning_logged_not_a_no_reply_mail(
    client, send, contact_address, settings, caplog, django_capture_on_commit_callbacks
):
    contact_address("")
    settings.MANAGERS = []
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        stored = send(client)
    assert stored == 1
    assert mail.outbox == []
    assert [
        record
        for record in caplog.records
        if record.levelno == logging.WARNING and "secrétariat" in record.getMessage()
    ]


@SECRETARIAT_MAIL_PATHS
def test_a_mail_failure_keeps_the_record_and_logs_the_error(
    client, send, contact_address, settings, caplog, django_capture_on_commit_callbacks
):
    contact_address("secretariat-ipps@univ-lorraine.fr")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard port: nothing listens, the connection is refused
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        stored = send(client)
    assert stored == 1
    assert "Courriel au secrétariat non envoyé" in caplog.text
