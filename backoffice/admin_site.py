"""The admin as the secretariat sees it: French titles, models grouped by task, a home
page that says what needs attention, and two reports (calendar, broken links).
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext_lazy as _

from core.registry import admin_attention_items

# Sections of the admin home, in the order staff meet them.
PRESENTATION = "presentation"
NEWS = "actualites"
ALUMNI = "anciens"
DOCUMENTS = "documents"
MESSAGES = "messages"
SETTINGS = "reglages"
ACCOUNTS = "comptes"

SECTIONS = {
    PRESENTATION: _("Présentation"),
    NEWS: _("Actualités"),
    ALUMNI: _("Anciens étudiants"),
    DOCUMENTS: _("Documents"),
    MESSAGES: _("Messages"),
    SETTINGS: _("Réglages du site"),
    ACCOUNTS: _("Comptes et sécurité"),
}

# Where each known model goes, and its rank inside its section. Models not listed here
# (added later) fall into their app's section, after the listed ones, alphabetically.
MODEL_SECTIONS = {
    ("programme", "programme"): (PRESENTATION, 10),
    ("programme", "section"): (PRESENTATION, 20),
    ("programme", "semester"): (PRESENTATION, 25),
    ("programme", "teachingunit"): (PRESENTATION, 30),
    ("programme", "admissionphase"): (PRESENTATION, 40),
    ("programme", "programmecontact"): (PRESENTATION, 50),
    ("pages", "page"): (PRESENTATION, 60),
    ("core", "image"): (PRESENTATION, 90),
    ("core", "previewlink"): (PRESENTATION, 95),
    ("news", "newsitem"): (NEWS, 10),
    ("news", "category"): (NEWS, 20),
    ("alumni", "submission"): (ALUMNI, 10),
    ("alumni", "alumnus"): (ALUMNI, 20),
    ("alumni", "officialoutcome"): (ALUMNI, 30),
    ("alumni", "sector"): (ALUMNI, 40),
    ("documents", "document"): (DOCUMENTS, 10),
    ("documents", "category"): (DOCUMENTS, 20),
    ("pages", "contactmessage"): (MESSAGES, 10),
    ("core", "siteidentity"): (SETTINGS, 10),
    ("redirects", "redirect"): (SETTINGS, 20),
    ("sites", "site"): (SETTINGS, 30),
    ("auth", "user"): (ACCOUNTS, 10),
    ("auth", "group"): (ACCOUNTS, 20),
}
APP_SECTIONS = {
    "programme": PRESENTATION,
    "news": NEWS,
    "alumni": ALUMNI,
    "documents": DOCUMENTS,
    "core": SETTINGS,
    "pages": SETTINGS,
    "redirects": SETTINGS,
    "sites": SETTINGS,
    "auth": ACCOUNTS,
    "axes": ACCOUNTS,
}
UNLISTED_RANK = 1000


def section_of(app_label, model_name):
    """(section key, rank) of a model; messages of any app go to « Messages »."""
    if (app_label, model_name) in MODEL_SECTIONS:
        return MODEL_SECTIONS[(app_label, model_name)]
    if model_name.endswith("message"):
        return MESSAGES, UNLISTED_RANK
    return APP_SECTIONS.get(app_label, SETTINGS), UNLISTED_RANK


def admin_change_url(obj):
    """The admin page where staff change `obj`, or "" when its model has no admin."""
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def lockout_response(request, original_response, credentials):
    """The French page shown instead of the login form once an account is locked."""
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
    }
    return render(request, "registration/lockout.html", context, status=429)


class SecretariatAdminSite(admin.AdminSite):
    site_header = _("Administration du site du master IPPS")
    site_title = _("Master IPPS — administration")
    index_title = _("Gestion du contenu")
    index_template = "admin/secretariat_index.html"

    def get_app_list(self, request, app_label=None):
        """The home and the side menu group models by task, not by Django app."""
        app_list = super().get_app_list(request, app_label)
        if app_label is not None:
            return app_list
        sections = {}
        for app in app_list:
            for model in app["models"]:
                key, rank = section_of(app["app_label"], model["object_name"].lower())
                sections.setdefault(key, []).append((rank, str(model["name"]), model))
        return [
            {
                "name": SECTIONS[key],
                "app_label": f"section-{key}",
                "app_url": "",
                "has_module_perms": True,
                "models": [model for _rank, _name, model in sorted(sections[key])],
            }
            for key in SECTIONS
            if key in sections
        ]

    def index(self, request, extra_context=None):
        attention = []
        for item in admin_attention_items():
            if item.permission and not request.user.has_perm(item.permission):
                continue
            count = item.count()
            if count:
                attention.append({"label": item.label, "count": count, "url": item.url()})
        context = {"attention": attention, **(extra_context or {})}
        return super().index(request, context)

    def get_urls(self):
        from backoffice import admin_views

        reports = [
            path("calendrier/", self.admin_view(admin_views.calendar), name="calendar"),
            path("liens/", self.admin_view(admin_views.link_report), name="link_report"),
        ]
        return reports + super().get_urls()


class StaffPasswordResetForm(PasswordResetForm):
    """Reset links go to active staff only: the site has no public accounts to recover."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)
