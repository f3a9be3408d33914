"""Staff accounts as the site has them: members of the groups that `sync_roles` keeps."""

from django.contrib.auth.models import Group
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.roles import sync_roles

SECRETARIAT_EMAIL = "secretariat@univ-lorraine.fr"
SECRETARIAT_PASSWORD = "Ipps-secretariat-2026!"
# The moment the two-step login tests fix the TOTP clock at (the `clock` fixture).
TOTP_NOW = 1_800_000_000  # 15 January 2027, 08:00 UTC


def make_staff(django_user_model, email, group_name, password=SECRETARIAT_PASSWORD):
    """An active staff account in `group_name` (never a superuser)."""
    sync_roles()
    user = django_user_model.objects.create_user(
        email, email=email, password=password, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def sign_in_two_step(client, user):
    """Sign in like force_login, past the login's second step: the user gets a confirmed
    authenticator device (if none) and the session is marked verified by it, as after a code.
    For superusers and the « Responsable pédagogique », who must use two-step login."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def code_at(device, moment):
    """The code an authenticator app shows for this device at `moment`."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = moment
    return f"{totp.token():0{device.digits}d}"
