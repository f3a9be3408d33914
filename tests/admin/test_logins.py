"""Safe logins: lockout after five wrong passwords, reset by e-mail, sessions that expire."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from core.client_ip import client_ip
from tests.staff import SECRETARIAT_EMAIL, SECRETARIAT_PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client, username, password, address="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def test_five_wrong_passwords_lock_the_account_from_that_address(client, secretariat_user):
    for _attempt in range(4):
        response = log_in(client, SECRETARIAT_EMAIL, "mauvais")
        assert response.status_code == 200  # the login form again, with Django's error
    response = log_in(client, SECRETARIAT_EMAIL, "mauvais")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Connexion bloquée" in html
    assert "après 5 mots de passe erronés" in html
    assert "réessayer dans 60 minutes" in html
    assert "service informatique" in html
    # Even the right password is refused now…
    assert log_in(client, SECRETARIAT_EMAIL, SECRETARIAT_PASSWORD).status_code == 429
    # …but the same account from another address, or another account, is not locked.
    assert (
        log_in(client, SECRETARIAT_EMAIL, SECRETARIAT_PASSWORD, "198.51.100.9").status_code == 302
    )


def test_behind_a_trusted_proxy_the_lockout_keys_on_the_forwarded_address(
    client, secretariat_user, settings
):
    settings.TRUSTED_PROXY_COUNT = 1

    def through_proxy(visitor, password):
        return client.post(
            reverse("admin:login"),
            {"username": SECRETARIAT_EMAIL, "password": password},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=visitor,
        )

    for _attempt in range(5):
        through_proxy("198.51.100.1", "mauvais")
    assert through_proxy("198.51.100.1", SECRETARIAT_PASSWORD).status_code == 429
    assert through_proxy("198.51.100.2", SECRETARIAT_PASSWORD).status_code == 302


def test_it_unlocks_an_account_with_axes_reset(client, secretariat_user):
    for _attempt in range(5):
        log_in(client, SECRETARIAT_EMAIL, "mauvais")
    assert log_in(client, SECRETARIAT_EMAIL, SECRETARIAT_PASSWORD).status_code == 429
    call_command("axes_reset_username", SECRETARIAT_EMAIL)
    assert log_in(client, SECRETARIAT_EMAIL, SECRETARIAT_PASSWORD).status_code == 302


def test_address_behind_trusted_proxies(rf, settings):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7", REMOTE_ADDR="10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer hops than proxies: nothing to trust
    assert client_ip(request) == "10.0.0.1"


def test_login_page_offers_password_reset(client):
    html = client.get(reverse("admin:login")).content.decode()
    assert reverse("admin_password_reset") in html


def test_password_reset_by_email_for_staff(client, secretariat_user, site_content):
    page = client.get(reverse("admin_password_reset"))
    assert "Mot de passe oublié" in page.content.decode()
    assert 'class="site-header' in page.content.decode()  # the public site's layout
    response = client.post(reverse("admin_password_reset"), {"email": SECRETARIAT_EMAIL})
    assert response.status_code == 302
    assert "Message envoyé" in client.get(response["Location"]).content.decode()
    (message,) = mail.outbox
    assert message.to == [SECRETARIAT_EMAIL]
    assert message.subject == "Master IPPS : choisir un nouveau mot de passe"
    link = re.search(r"https?://\S+", message.body).group(0)

    confirm = client.get(link, follow=True)
    assert "Choisissez un nouveau mot de passe" in confirm.content.decode()
    form_url = confirm.redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "123", "new_password2": "123"})
    assert "Ce mot de passe est trop court" in weak.content.decode()
    done = client.post(
        form_url, {"new_password1": "Nouveau-mot-2026", "new_password2": "Nouveau-mot-2026"}
    )
    assert done.status_code == 302
    secretariat_user.refresh_from_db()
    assert secretariat_user.check_password("Nouveau-mot-2026")
    assert "Mot de passe enregistré" in client.get(done["Location"]).content.decode()


def test_password_reset_sends_nothing_to_non_staff(client, django_user_model):
    django_user_model.objects.create_user("ancien@example.org", "ancien@example.org", "x")
    response = client.post(reverse("admin_password_reset"), {"email": "ancien@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_used_reset_link_says_so_in_french(client, site_content):
    url = reverse("password_reset_confirm", args=["MQ", "mauvais-jeton"])
    assert "Ce lien n'est plus valable" in client.get(url).content.decode()


def test_sessions_expire_after_inactivity():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert len(settings.AUTH_PASSWORD_VALIDATORS) == 4
