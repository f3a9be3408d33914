"""The admin as the secretariat sees it: French titles, models grouped by task, a home
page that says what needs attention, and two reports (calendar, broken links).
"""

from functools import update_wrapper

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from backoffice import accessibility, account_security, workflow
from core.fragments import version_of
from core.ratelimit import RateLimitedFormMixin
from core.registry import admin_attention_items

from .fetched_once import FetchedOnceMixin
from .wording import FrenchWordingMixin

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

# Where each model goes, and its rank inside its section: each app places its own models
# from its hooks.py (`place_in_admin`); the toolkit's and Django's own are placed below.
# Models not placed (added later) fall into their app's section, after the placed ones,
# alphabetically; an app with no section falls into « Réglages du site ».
_model_sections: dict[tuple[str, str], tuple[str, int]] = {}
_app_sections: dict[str, str] = {}


def place_in_admin(section, ranks, *, app_labels=()):
    """Put models ("app.model": rank) in a section of the admin home; `app_labels`: apps
    whose other models go to this section too."""
    for label, rank in ranks.items():
        app_label, model_name = label.lower().split(".")
        _model_sections[(app_label, model_name)] = (section, rank)
    for app_label in app_labels:
        _app_sections[app_label] = section


place_in_admin(PRESENTATION, {"core.image": 90, "core.previewlink": 95})
place_in_admin(PRESENTATION, {"backoffice.pendingrevision": 85})
place_in_admin(SETTINGS, {"backoffice.approvalsetting": 25})
place_in_admin(SETTINGS, {"core.siteidentity": 10, "sites.site": 30}, app_labels=("core", "sites"))
place_in_admin(
    ACCOUNTS,
    {"auth.user": 10, "auth.group": 20},
    app_labels=("auth", "axes", "otp_totp", "otp_static"),
)
UNLISTED_RANK = 1000


def section_of(app_label, model_name):
    """(section key, rank) of a model; messages of any app go to « Messages »."""
    if (app_label, model_name) in _model_sections:
        return _model_sections[(app_label, model_name)]
    if model_name.endswith("message"):
        return MESSAGES, UNLISTED_RANK
    return _app_sections.get(app_label, SETTINGS), UNLISTED_RANK


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._app_lists = {}

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every admin, the project's and Django's (users, redirects…), gets its titles
        and success messages written in French for its model (backoffice.wording), and
        reads the record of a change page once (FetchedOnceMixin)."""
        admin_class = admin_class or admin.ModelAdmin
        mixins = tuple(
            mixin
            for mixin in (FetchedOnceMixin, FrenchWordingMixin)
            if not issubclass(admin_class, mixin)
        )
        if mixins:
            admin_class = type(
                admin_class.__name__,
                (*mixins, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def get_app_list(self, request, app_label=None):
        """The home and the side menu group models by task, not by Django app.

        The grouped list, which every admin page shows in its side menu (some 3 ms: each
        model's permissions and addresses), is built once per content version, language and
        set of permissions in this process: the models a member may open and add depend on
        nothing else (a one-of-a-kind setting that exists cannot be added again: content, so
        a new version). Read-only for callers: the same lists serve every request."""
        if app_label is not None:
            return super().get_app_list(request, app_label)
        version = version_of(request)
        if version is None:
            return self._grouped_app_list(request)
        user = request.user
        key = (version, get_language(), user.is_superuser, frozenset(user.get_all_permissions()))
        if key not in self._app_lists:
            if len(self._app_lists) >= 64:  # old versions and departed permission sets
                self._app_lists.clear()
            self._app_lists[key] = self._grouped_app_list(request)
        return self._app_lists[key]

    def _grouped_app_list(self, request):
        app_list = super().get_app_list(request)
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
        # Changes approved for a date already past are published before anything is counted
        # (the public requests do it when the page cache is on).
        workflow.publish_due()
        attention = []
        for item in admin_attention_items():
            if item.permission and not request.user.has_perm(item.permission):
                continue
            args = (request.user,) if item.per_user else ()
            count = item.count(*args)
            if count:
                attention.append({"label": item.label, "count": count, "url": item.url(*args)})
        context = {"attention": attention, **(extra_context or {})}
        return super().index(request, context)

    def admin_view(self, view, cacheable=False):
        """Every admin view first asks for the login's second step when it is pending
        (backoffice/account_security.py), except the few that lead to it."""

        def second_step_first(request, *args, **kwargs):
            step = account_security.pending_step(request)
            match = request.resolver_match
            url_name = match.url_name if match is not None else None
            if step is not None and url_name not in account_security.OPEN_DURING_STEP[step]:
                target = reverse(f"{self.name}:{step}")
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(target)
            return view(request, *args, **kwargs)

        update_wrapper(second_step_first, view)
        return super().admin_view(second_step_first, cacheable)

    def get_urls(self):
        from backoffice import admin_views

        checks = [
            path(
                "accessibilite/verifier/",
                self.admin_view(accessibility.accessibility_check),
                name="accessibility_check",
            ),
        ]
        reports = [
            path("calendrier/", self.admin_view(admin_views.calendar), name="calendar"),
            path("liens/", self.admin_view(admin_views.link_report), name="link_report"),
            path(
                "accessibilite/",
                self.admin_view(admin_views.accessibility_report),
                name="accessibility_report",
            ),
        ]
        security = [
            path(
                "connexion/code/",
                self.admin_view(account_security.verify),
                name="otp_verify",
            ),
            path(
                "securite/",
                self.admin_view(account_security.security),
                name="account_security",
            ),
            path(
                "securite/qrcode.svg",
                self.admin_view(account_security.qrcode_svg),
                name="otp_qrcode",
            ),
        ]
        return checks + reports + security + super().get_urls()


class StaffPasswordResetForm(RateLimitedFormMixin, PasswordResetForm):
    """Reset links go to active staff only: the site has no public accounts to recover.

    The page is public: limited per visitor address like the other public forms, so that
    nobody can flood a colleague's mailbox with reset links.
    """

    rate_limit_scope = "password-reset"

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        self.check_rate_limit()
        return cleaned_data

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)


class StaffPasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, with the request handed to the form for its rate limit."""

    form_class = StaffPasswordResetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}
