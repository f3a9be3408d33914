import logging
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from core.models import SiteIdentity
from pages.models import ContactMessage
from pages.services import contact_messages_purge
from tests.html import texts

CONTACT_URL = "/contact/"


@pytest.mark.django_db
def test_contact_page_shows_addresses_phones_and_form(client, site_content):
    assert reverse("pages:contact") == CONTACT_URL
    html = client.get(CONTACT_URL).content.decode()
    assert "Île du Saulcy" in html and "34 cours Léopold" in html
    assert 'href="tel:+33387315638"' in html and 'href="tel:+33354505400"' in html
    for label in ["Votre nom", "Votre adresse e-mail", "Objet", "Votre message"]:
        assert label in html
    assert 'name="consent"' in html and 'name="website"' in html


@pytest.mark.django_db(transaction=True)
def test_message_is_stored_emailed_to_the_secretariat_and_confirmed(client, contact_data):
    from django.apps import apps

    from core.initial_content import load_site_identity as load_identity

    load_identity(apps)
    SiteIdentity.objects.filter(pk=1).update(contact_email="secretariat-ipps@exemple.fr")
    response = client.post(CONTACT_URL, contact_data)
    assert response.status_code == 302
    assert response["Location"] == "/contact/?envoye=1"
    message = ContactMessage.objects.get()
    assert message.email == "camille.martin@exemple.fr"
    assert message.subject == "Candidature en M2"
    assert message.consented_at is not None and not message.is_handled
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["secretariat-ipps@exemple.fr"]
    assert sent.reply_to == ["camille.martin@exemple.fr"]
    assert "Candidature en M2" in sent.subject
    assert "dates de candidature" in sent.body
    confirmation = client.get(response["Location"]).content.decode()
    assert "Votre message a bien été envoyé" in confirmation


@pytest.mark.django_db
def test_without_contact_address_mail_goes_to_the_managers(
    client, site_content, contact_data, settings, django_capture_on_commit_callbacks
):
    settings.MANAGERS = [("Secrétariat", "managers@exemple.fr")]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONTACT_URL, contact_data)
    assert mail.outbox[0].to == ["managers@exemple.fr"]


@pytest.mark.django_db
def test_mail_failure_keeps_the_message_and_logs_the_error(
    client, site_content, contact_data, settings, caplog, django_capture_on_commit_callbacks
):
    settings.MANAGERS = [("Secrétariat", "managers@exemple.fr")]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard port: nothing listens, the connection is refused
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONTACT_URL, contact_data)
    assert response.status_code == 302
    assert ContactMessage.objects.count() == 1
    assert "Courriel au secrétariat non envoyé : [Site IPPS] Candidature en M2" in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "Indiquez votre nom."),
        ("email", "pas-une-adresse", "Cette adresse e-mail n&#x27;est pas valide"),
        ("subject", "", "Indiquez l&#x27;objet de votre message."),
        ("subject", "Objet\r\nBcc: victime@exemple.fr", "sur une seule ligne"),
        ("message", "", "Écrivez votre message."),
        ("message", "x" * 5001, "5000 caractères"),
        ("message", "nul\x00octet", "Le caractère nul n’est pas autorisé."),
        ("consent", "", "Cochez cette case pour que nous puissions traiter votre message."),
    ],
)
def test_invalid_message_is_refused_with_a_french_error_and_nothing_stored(
    client, site_content, contact_data, field, value, error
):
    contact_data[field] = value
    response = client.post(CONTACT_URL, contact_data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le formulaire contient des erreurs" in html
    assert error in html.replace("\u202f", " ").replace("5 000", "5000")
    assert ContactMessage.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_honeypot_filled_is_refused(client, site_content, contact_data):
    contact_data["website"] = "https://spam.example"
    html = client.post(CONTACT_URL, contact_data).content.decode()
    assert "ressemble à un envoi automatique" in html
    assert ContactMessage.objects.count() == 0


@pytest.mark.django_db
def test_form_sent_too_fast_is_refused(client, site_content, contact_data):
    import time

    from django.core import signing

    from core.antispam import SALT

    contact_data["form_started"] = signing.dumps(time.time(), salt=SALT)
    html = client.post(CONTACT_URL, contact_data).content.decode()
    assert "envoyé trop vite" in html
    assert ContactMessage.objects.count() == 0


@pytest.mark.django_db
def test_forged_timestamp_is_refused(client, site_content, contact_data):
    contact_data["form_started"] = "0"
    html = client.post(CONTACT_URL, contact_data).content.decode()
    assert "expiré ou est incomplet" in html
    assert ContactMessage.objects.count() == 0


@pytest.mark.django_db
def test_too_many_messages_from_one_address_are_refused(client, site_content, contact_data):
    for _ in range(5):
        assert client.post(CONTACT_URL, contact_data).status_code == 302
    html = client.post(CONTACT_URL, contact_data).content.decode()
    assert "Trop d&#x27;envois" in html
    assert ContactMessage.objects.count() == 5


@pytest.mark.django_db
def test_messages_older_than_a_year_are_purged(site_content):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    old = ContactMessage.objects.create(
        name="A", email="a@exemple.fr", subject="s", message="m", consented_at=now
    )
    recent = ContactMessage.objects.create(
        name="B", email="b@exemple.fr", subject="s", message="m", consented_at=now
    )
    ContactMessage.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=366))
    assert contact_messages_purge(now) == 1
    assert list(ContactMessage.objects.all()) == [recent]


@pytest.mark.django_db
def test_admin_lists_messages_and_marks_them_handled(staff_client, site_content):
    from django.utils import timezone

    message = ContactMessage.objects.create(
        name="Camille",
        email="c@exemple.fr",
        subject="Stage",
        message="Bonjour",
        consented_at=timezone.now(),
    )
    changelist = reverse("admin:pages_contactmessage_changelist")
    response = staff_client.get(changelist + "?q=Stage&is_handled__exact=0")
    assert response.status_code == 200 and "Stage" in response.content.decode()
    change = staff_client.get(reverse("admin:pages_contactmessage_change", args=[message.pk]))
    assert change.status_code == 200
    response = staff_client.post(
        changelist, {"action": "mark_handled", "_selected_action": [message.pk]}, follow=True
    )
    assert "Marqué comme traité : « Stage — Camille »." in unescape(response.content.decode())
    message.refresh_from_db()
    assert message.is_handled


@pytest.mark.django_db
def test_purge_command_deletes_year_old_messages(site_content):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    message = ContactMessage.objects.create(
        name="A", email="a@exemple.fr", subject="s", message="m", consented_at=timezone.now()
    )
    ContactMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(days=400)
    )
    output = StringIO()
    call_command("purge_contact_messages", stdout=output)
    assert "1 message(s) de contact supprimé(s)." in output.getvalue()
    assert not ContactMessage.objects.exists()


def sending_refusals(response):
    """The « too many messages » error of the page's error summary, if shown."""
    summary = texts(response.content, css_class="form-errors")
    return [text for text in summary if "Trop d'envois depuis votre connexion" in text]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_visitor_has_their_own_sending_limit(
    client, site_content, contact_data, settings
):
    settings.TRUSTED_PROXY_COUNT = 1

    def send(visitor):
        # Every request arrives from the proxy, which names the visitor in X-Forwarded-For.
        return client.post(
            CONTACT_URL, contact_data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=visitor
        )

    for _ in range(5):
        assert send("198.51.100.1").status_code == 302
    refused = send("198.51.100.1")
    assert refused.status_code == 200 and sending_refusals(refused)
    assert send("198.51.100.2").status_code == 302
    assert ContactMessage.objects.count() == 6


@pytest.mark.django_db
def test_without_a_trusted_proxy_a_forged_forwarded_address_is_ignored(
    client, site_content, contact_data, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    for number in range(5):
        response = client.post(
            CONTACT_URL,
            contact_data,
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
        assert response.status_code == 302
    refused = client.post(
        CONTACT_URL, contact_data, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.77"
    )
    assert sending_refusals(refused)
    assert ContactMessage.objects.count() == 5


@pytest.mark.django_db
def test_the_blank_form_carries_a_fresh_timestamp_on_every_page(client, site_content):
    # The blank form is rendered once per process (core/antispam.py): only the signed
    # timestamp differs from one page to the next, and it is this request's.
    import re
    import time

    from django.core import signing

    from core.antispam import SALT

    def form_of(response):
        html = response.content.decode()
        start = html.index('<form method="post"')
        return html[start : html.index("</form>", start)]

    before = time.time()
    first, second = form_of(client.get("/contact/")), form_of(client.get("/contact/"))
    pattern = re.compile(r'name="form_started" value="([^"]+)"')
    stamps = [pattern.search(form).group(1) for form in (first, second)]
    assert stamps[0] != stamps[1]
    assert all(signing.loads(stamp, salt=SALT) >= before for stamp in stamps)
    assert pattern.sub("", first).replace(
        re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', first).group(0), ""
    ) == pattern.sub("", second).replace(
        re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', second).group(0), ""
    )
    assert 'name="email"' in first and 'name="consent"' in first
