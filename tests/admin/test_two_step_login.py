"""Two-step login (issue 15): a code from an authenticator app after the password, recovery
codes, required for superusers and the « Responsable pédagogique », offered to the Secrétariat.

The clock is fixed: django-otp's TOTP device reads `time.time()` in its module, replaced here
by a fixed moment, and the expected codes are computed with django-otp's own `TOTP` at that
moment. No test sleeps.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.staff import SECRETARIAT_EMAIL, SECRETARIAT_PASSWORD, code_at

pytestmark = pytest.mark.django_db

MANAGER_EMAIL = "responsable@univ-lorraine.fr"


def log_in(client, username, password=SECRETARIAT_PASSWORD):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
    )


def send_code(client, code):
    return client.post(reverse("admin:otp_verify"), {"code": code, "next": reverse("admin:index")})


def forgive_failures(device):
    """django-otp slows down guesses (a growing delay after each wrong code): as if that
    delay had passed."""
    device.refresh_from_db()
    device.throttling_failure_timestamp -= timedelta(hours=1)
    device.save()


def set_up(client, user, clock):
    """Go through « Sécurité du compte » like a user: returns the device and recovery codes."""
    client.get(reverse("admin:account_security"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(
        reverse("admin:account_security"),
        {"action": "confirm", "code": code_at(device, clock.now)},
    )
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    device.refresh_from_db()
    return device, codes


def test_the_secretariat_sets_up_two_step_login_and_then_needs_a_code(
    client, secretariat_user, clock
):
    # Optional for the Secrétariat: the password alone opens the admin.
    assert log_in(client, SECRETARIAT_EMAIL).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200

    page = client.get(reverse("admin:account_security"))
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=secretariat_user)
    assert not device.confirmed
    assert "Configurer la connexion en deux étapes" in html
    assert "otpauth://totp/Master%20IPPS%3Asecretariat%40univ-lorraine.fr?secret=" in html
    secret = re.search(r"secret=([A-Z2-7]+)", html).group(1)
    assert f"<code>{secret}</code>" in html
    assert f'src="{reverse("admin:otp_qrcode")}"' in html
    picture = client.get(reverse("admin:otp_qrcode"))
    assert picture["Content-Type"] == "image/svg+xml"
    assert picture.content.lstrip().startswith(b"<?xml") or b"<svg" in picture.content[:200]
    assert "<script" not in html.split('id="content-main"')[1]

    # A wrong first code does not turn it on.
    response = client.post(
        reverse("admin:account_security"), {"action": "confirm", "code": "000000"}
    )
    assert "Ce code ne correspond pas" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    forgive_failures(device)

    response = client.post(
        reverse("admin:account_security"),
        {"action": "confirm", "code": code_at(device, clock.now)},
    )
    html = response.content.decode()
    assert "Ils ne seront plus jamais affichés" in html
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", html)
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=secretariat_user).count() == 10
    # Shown once: the page now says how many are left, not which.
    html = client.get(reverse("admin:account_security")).content.decode()
    assert "Il vous reste 10 codes de secours" in html
    assert codes[0] not in html

    # Next login: the password, then the code.
    client.post(reverse("admin:logout"))
    assert log_in(client, SECRETARIAT_EMAIL).status_code == 302
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:otp_verify"))
    assert client.get(reverse("admin:news_newsitem_changelist")).status_code == 302
    page = client.get(response["Location"])
    assert "Saisissez le code à six chiffres" in page.content.decode()

    clock.now += 90  # three periods later: the app shows another code
    response = send_code(client, code_at(device, clock.now - 300))  # an old one
    assert response.status_code == 200
    assert "Code incorrect ou expiré" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302
    forgive_failures(device)

    response = send_code(client, code_at(device, clock.now))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_code_from_the_app_is_accepted_once(client, secretariat_user, clock):
    log_in(client, SECRETARIAT_EMAIL)
    device, _codes = set_up(client, secretariat_user, clock)
    client.post(reverse("admin:logout"))
    clock.now += 30
    code = code_at(device, clock.now)
    log_in(client, SECRETARIAT_EMAIL)
    assert send_code(client, code).status_code == 302
    client.post(reverse("admin:logout"))
    log_in(client, SECRETARIAT_EMAIL)
    assert send_code(client, code).status_code == 200  # replayed: refused


def test_a_recovery_code_replaces_the_app_once(client, secretariat_user, clock):
    log_in(client, SECRETARIAT_EMAIL)
    _device, codes = set_up(client, secretariat_user, clock)
    client.post(reverse("admin:logout"))

    log_in(client, SECRETARIAT_EMAIL)
    response = send_code(client, codes[3].upper())  # as read aloud or typed in capitals
    assert response.status_code == 302
    html = client.get(reverse("admin:index")).content.decode()
    assert "Code de secours accepté" in html
    assert "Il vous en reste 9" in html
    assert StaticToken.objects.filter(device__user=secretariat_user).count() == 9

    client.post(reverse("admin:logout"))
    log_in(client, SECRETARIAT_EMAIL)
    response = send_code(client, codes[3])
    assert response.status_code == 200
    assert "Code incorrect ou expiré" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_secretariat_may_turn_it_off_again(client, secretariat_user, clock):
    log_in(client, SECRETARIAT_EMAIL)
    set_up(client, secretariat_user, clock)
    response = client.post(reverse("admin:account_security"), {"action": "disable"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=secretariat_user).exists()
    assert not StaticToken.objects.filter(device__user=secretariat_user).exists()
    client.post(reverse("admin:logout"))
    log_in(client, SECRETARIAT_EMAIL)
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_new_phone_means_a_new_key_and_new_recovery_codes(client, secretariat_user, clock):
    log_in(client, SECRETARIAT_EMAIL)
    old, old_codes = set_up(client, secretariat_user, clock)
    response = client.post(reverse("admin:account_security"), {"action": "reset"})
    assert response["Location"].endswith("?configurer=1")
    client.get(response["Location"])
    new = TOTPDevice.objects.get(user=secretariat_user, confirmed=False)
    assert new.key != old.key
    clock.now += 30
    client.post(
        reverse("admin:account_security"), {"action": "confirm", "code": code_at(new, clock.now)}
    )
    assert list(TOTPDevice.objects.filter(user=secretariat_user)) == [new]
    tokens = set(
        StaticToken.objects.filter(device__user=secretariat_user).values_list("token", flat=True)
    )
    assert len(tokens) == 10
    assert not tokens & set(old_codes)


def test_the_programme_manager_must_set_it_up_before_anything_else(
    client, programme_manager, clock
):
    assert log_in(client, MANAGER_EMAIL).status_code == 302
    for url in (reverse("admin:index"), reverse("admin:news_newsitem_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:account_security"))
    html = client.get(reverse("admin:account_security")).content.decode()
    assert "Votre rôle demande la connexion en deux étapes" in html

    set_up(client, programme_manager, clock)
    assert client.get(reverse("admin:index")).status_code == 200
    html = client.get(reverse("admin:account_security")).content.decode()
    assert "elle ne peut pas être désactivée" in html
    client.post(reverse("admin:account_security"), {"action": "disable"})
    assert TOTPDevice.objects.filter(user=programme_manager, confirmed=True).exists()

    client.post(reverse("admin:logout"))
    log_in(client, MANAGER_EMAIL)
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("admin:otp_verify"))


def test_the_password_alone_cannot_turn_it_off(client, secretariat_user, clock):
    log_in(client, SECRETARIAT_EMAIL)
    set_up(client, secretariat_user, clock)
    client.post(reverse("admin:logout"))
    log_in(client, SECRETARIAT_EMAIL)  # no code yet
    for action in ("disable", "reset"):
        response = client.post(reverse("admin:account_security"), {"action": action})
        assert response["Location"] == reverse("admin:otp_verify")
    assert client.get(reverse("admin:account_security")).status_code == 302
    assert client.get(reverse("admin:otp_qrcode")).status_code == 302
    assert TOTPDevice.objects.filter(user=secretariat_user, confirmed=True).count() == 1
    assert StaticToken.objects.filter(device__user=secretariat_user).count() == 10


def test_superusers_must_use_it_too(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("admin:auth_user_changelist"))
    assert response["Location"].startswith(reverse("admin:account_security"))


def test_the_code_page_leads_nowhere_else(client, programme_manager, clock):
    """Before the second step, the page shows no menu of the admin's content."""
    log_in(client, MANAGER_EMAIL)
    set_up(client, programme_manager, clock)
    client.post(reverse("admin:logout"))
    log_in(client, MANAGER_EMAIL)
    html = client.get(reverse("admin:otp_verify")).content.decode()
    assert reverse("admin:news_newsitem_changelist") not in html
    # An address outside the site is not followed after the code.
    clock.now += 30
    device = TOTPDevice.objects.get(user=programme_manager)
    response = client.post(
        reverse("admin:otp_verify"),
        {"code": code_at(device, clock.now), "next": "https://exemple.invalid/"},
    )
    assert response["Location"] == reverse("admin:index")


def test_wrong_passwords_still_lock_the_account_with_a_device(client, secretariat_user, clock):
    log_in(client, SECRETARIAT_EMAIL)
    set_up(client, secretariat_user, clock)
    client.post(reverse("admin:logout"))
    for _attempt in range(5):
        log_in(client, SECRETARIAT_EMAIL, "mauvais")
    assert log_in(client, SECRETARIAT_EMAIL).status_code == 429
