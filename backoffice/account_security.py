"""Two-step login for staff (django-otp): a code from an authenticator app after the password.

Required for superusers and the « Responsable pédagogique », offered to the Secrétariat. The
password step is Django's admin login, unchanged (axes counts its failures); the code step is
`verify`, reached because every admin view asks `pending_step` first (see
`SecretariatAdminSite.admin_view`). A user who has a confirmed device, or must have one, and
whose session is not verified yet reaches nothing else in the admin: a device means the code
page, an obligation without a device means the « Sécurité du compte » page to set one up.

Devices: one `TOTPDevice` (any authenticator app, RFC 6238) and one `StaticDevice` holding
the ten recovery codes, each accepted once (django-otp deletes it when it matches). Wrong
codes are slowed down by django-otp's throttling (a growing delay per device).
"""

import io
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.roles import PROGRAMME_MANAGER

# Groups whose members must use two-step login (superusers always must).
REQUIRED_FOR_GROUPS = (PROGRAMME_MANAGER,)
RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "Application d'authentification"
RECOVERY_DEVICE_NAME = "Codes de secours"

# The admin views (URL names) a user may still open while a step is pending: the code
# page for who has a device (never « Sécurité du compte », which could turn it off with the
# password alone), the setup pages for who must have one and has none.
OPEN_DURING_STEP = {
    "otp_verify": {"logout", "jsi18n", "otp_verify"},
    "account_security": {"logout", "jsi18n", "account_security", "otp_qrcode"},
}


def two_step_required(user):
    return user.is_superuser or user.groups.filter(name__in=REQUIRED_FOR_GROUPS).exists()


def pending_step(request):
    """The admin URL name a signed-in staff member must go to before anything else, or None:
    the code page (a confirmed device, session not verified yet) or the setup page (a role
    that requires two-step login, no device yet)."""
    user = request.user
    if user.is_verified():
        return None
    if user_has_device(user):
        return "otp_verify"
    if two_step_required(user):
        return "account_security"
    return None


def _admin_context(request, title, **extra):
    """The admin's frame without its menu: nothing to browse before the second step."""
    context = admin.site.each_context(request)
    context.update(available_apps=[], is_nav_sidebar_enabled=False, title=title, **extra)
    return context


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


def _check_code(user, code):
    """The device that accepts this code: six digits for the app, else a recovery code."""
    if code.isdigit() and len(code) == 6:
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    for device in devices:
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


def _verify_session(request, device):
    """Mark the session verified by `device`, under a new session key: a key seen before the
    second step (stolen, or planted by someone) must not become a verified session."""
    otp_login(request, device)
    request.session.cycle_key()


@never_cache
def verify(request):
    """Second step of the login: a code from the app, or a recovery code."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    next_url = next_url or reverse("admin:index")
    if request.user.is_verified() or not user_has_device(request.user):
        return HttpResponseRedirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _check_code(request.user, form.cleaned_data["code"])
        if device is not None:
            _verify_session(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _(
                        "Code de secours accepté ; il ne servira plus. Il vous en reste %(n)d. "
                        "Si vous avez perdu votre téléphone, refaites la configuration "
                        "dans « Sécurité du compte »."
                    )
                    % {"n": left},
                )
            return HttpResponseRedirect(next_url)
        form.add_error("code", _("Code incorrect ou expiré. Réessayez avec le code affiché."))
    context = _admin_context(request, _("Code de connexion"), form=form, next=next_url)
    return TemplateResponse(request, "admin/otp_verify.html", context)


def _unconfirmed_device(user, create=False):
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None and create:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def _secret(device):
    return b32encode(device.bin_key).decode()


@transaction.atomic
def _confirm(user, device):
    """The app device becomes the user's only one, with ten new recovery codes."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


@never_cache
def security(request):
    """« Sécurité du compte »: set up, reset or turn off two-step login."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    required = two_step_required(user)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "disable" and confirmed and not required:
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        messages.success(request, _("La connexion en deux étapes est désactivée."))
        return HttpResponseRedirect(reverse("admin:account_security"))
    if action == "reset" and confirmed:
        # A new key: the old one stops working once the new one is confirmed.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        _unconfirmed_device(user, create=True)
        return HttpResponseRedirect(reverse("admin:account_security") + "?configurer=1")
    setting_up = not confirmed or "configurer" in request.GET or action == "confirm"
    device = _unconfirmed_device(user, create=setting_up) if setting_up else None
    form = CodeForm(request.POST if action == "confirm" else None)
    if action == "confirm" and device is not None and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = _confirm(user, device)
            _verify_session(request, device)
            context = _admin_context(request, _("Sécurité du compte"), recovery_codes=codes)
            return TemplateResponse(request, "admin/account_security.html", context)
        form.add_error(
            "code",
            _("Ce code ne correspond pas. Vérifiez l'heure du téléphone et réessayez."),
        )
    recovery_left = StaticToken.objects.filter(device__user=user).count() if confirmed else 0
    context = _admin_context(
        request,
        _("Sécurité du compte"),
        confirmed=confirmed,
        required=required,
        device=device,
        secret=_secret(device) if device else "",
        form=form,
        recovery_left=recovery_left,
    )
    return TemplateResponse(request, "admin/account_security.html", context)


@never_cache
def qrcode_svg(request):
    """The otpauth address of the device being set up, as a QR code (SVG, no script)."""
    device = _unconfirmed_device(request.user)
    if device is None:
        return HttpResponse(status=404)
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response
