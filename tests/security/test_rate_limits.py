"""Every public form is limited per visitor address (behind the configured proxies), with a
French message and everything typed kept in the form that comes back."""

import html

import pytest
from django.core import mail
from django.urls import reverse

from alumni.models import Submission
from pages.models import ContactMessage
from tests.html import typed_values
from tests.security.conftest import alumni_data, contact_data, withdrawal_data
from tests.staff import SECRETARIAT_EMAIL

pytestmark = pytest.mark.django_db

LIMIT_MESSAGE = "Trop d'envois depuis votre connexion en peu de temps"


FORMS = {
    "contact": ("pages:contact", lambda sector: contact_data(), ContactMessage),
    "alumni-update": ("alumni:update", lambda sector: alumni_data(sector), Submission),
    "withdrawal": ("alumni:withdraw", lambda sector: withdrawal_data(), None),
}


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_the_sixth_sending_in_an_hour_is_refused_with_everything_typed_kept(
    client, site_content, sector, form
):
    url_name, build, model = FORMS[form]
    url = reverse(url_name)
    for _attempt in range(5):
        assert client.post(url, build(sector)).status_code == 302
    data = build(sector)
    response = client.post(url, data)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert LIMIT_MESSAGE in page
    kept = typed_values(response)
    for name, value in data.items():
        if name in kept:
            assert kept[name] == value, name
    if model is not None:
        assert model.objects.count() == 5


def test_the_limit_follows_the_visitor_address_behind_the_configured_proxy(
    client, site_content, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("pages:contact")

    def send(visitor, forged=""):
        chain = ", ".join(part for part in (forged, visitor) if part)
        # REMOTE_ADDR is the proxy; the proxy appends the address it saw.
        return client.post(url, contact_data(), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=chain)

    for _attempt in range(5):
        assert send("203.0.113.7").status_code == 302
    assert LIMIT_MESSAGE in html.unescape(send("203.0.113.7").content.decode())
    # Another visitor behind the same proxy is not blocked...
    assert send("198.51.100.4").status_code == 302
    # ...and the limited one cannot escape by writing a fake address before the proxy's.
    limited = send("203.0.113.7", forged="192.0.2.99")
    assert LIMIT_MESSAGE in html.unescape(limited.content.decode())


def test_password_reset_is_limited_too_with_the_address_kept(client, secretariat_user):
    url = reverse("admin_password_reset")
    for _attempt in range(5):
        assert client.post(url, {"email": SECRETARIAT_EMAIL}).status_code == 302
    assert len(mail.outbox) == 5
    response = client.post(url, {"email": SECRETARIAT_EMAIL})
    assert response.status_code == 200
    assert LIMIT_MESSAGE in html.unescape(response.content.decode())
    assert typed_values(response)["email"] == SECRETARIAT_EMAIL
    assert len(mail.outbox) == 5
