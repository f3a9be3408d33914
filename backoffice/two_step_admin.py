"""The two-step login's devices (django-otp) as administrators see them, in French.

django-otp names its models in plain English strings (« TOTP device », « static device »),
not marked for translation, and its admins show English titles, fields and help texts.
Staff set up their own devices on « Sécurité du compte »; the administrators' one task here
is to delete the device of someone who lost their phone and their recovery codes. So the
raw admins are replaced by two read-only lists with French columns where a device can be
deleted, and the models are given French names in memory (`name_devices_in_french`, from
BackofficeConfig.ready): breadcrumbs, titles, deletion pages and the admin's journal read
in French. Only the names held in memory change: django-otp's migrations still describe
its tables as written (Meta.original_attrs is untouched), so no migration follows.
"""

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

FRENCH_NAMES = {
    TOTPDevice: (_("application d'authentification"), _("applications d'authentification")),
    StaticDevice: (_("jeu de codes de secours"), _("jeux de codes de secours")),
    # Only ever seen through its device (deletion pages list the codes going with it).
    StaticToken: (_("code de secours"), _("codes de secours")),
}
FRENCH_APP_NAMES = {
    "otp_totp": _("Connexion en deux étapes : applications"),
    "otp_static": _("Connexion en deux étapes : codes de secours"),
}


def name_devices_in_french():
    for model, (singular, plural) in FRENCH_NAMES.items():
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural
    for label, name in FRENCH_APP_NAMES.items():
        apps.get_app_config(label).verbose_name = name


class DeviceAdmin(admin.ModelAdmin):
    """A device of the two-step login: listed, looked at, deleted; never added or edited
    here (each staff member sets up their own on « Sécurité du compte »)."""

    list_display = ["owner", "device_name", "is_confirmed", "created", "last_used"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    fields = ["owner", "device_name", "is_confirmed", "created", "last_used"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("compte"), ordering="user__username")
    def owner(self, obj):
        return obj.user

    @admin.display(description=_("nom"), ordering="name")
    def device_name(self, obj):
        return obj.name

    @admin.display(description=_("configuration terminée"), boolean=True, ordering="confirmed")
    def is_confirmed(self, obj):
        return obj.confirmed

    @admin.display(description=_("créé le"), ordering="created_at")
    def created(self, obj):
        return obj.created_at

    @admin.display(description=_("dernière utilisation"), ordering="last_used_at")
    def last_used(self, obj):
        return obj.last_used_at


class RecoveryCodesAdmin(DeviceAdmin):
    list_display = [*DeviceAdmin.list_display, "codes_left"]
    fields = [*DeviceAdmin.fields, "codes_left"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("token_set")

    @admin.display(description=_("codes restants"))
    def codes_left(self, obj):
        return len(obj.token_set.all())


def replace_device_admins(site):
    """Put these admins in place of django-otp's (whose modules are imported first, so
    that autodiscovery does not register them again afterwards)."""
    from django_otp.plugins.otp_static import admin as _static_admin  # noqa: F401
    from django_otp.plugins.otp_totp import admin as _totp_admin  # noqa: F401

    for model, model_admin in ((TOTPDevice, DeviceAdmin), (StaticDevice, RecoveryCodesAdmin)):
        if site.is_registered(model):
            site.unregister(model)
        site.register(model, model_admin)
