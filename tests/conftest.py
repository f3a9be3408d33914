"""Test tweaks as autouse fixtures (no second settings module)."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from backoffice.roles import PROGRAMME_MANAGER, SECRETARIAT
from tests.staff import SECRETARIAT_EMAIL, TOTP_NOW, make_staff, sign_in_two_step


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    yield
    cache.clear()
    # A request to an English page leaves English active in this thread (LocaleMiddleware
    # activates the request's language and nothing restores it): the next test would get
    # English addresses from reverse().
    translation.deactivate()


@pytest.fixture
def site_content(db):
    """The real initial content (identity, programme, presentation, fixed pages), as the
    data migrations load it.

    Transactional tests (live_server) flush the database, data migrations included.
    """
    from django.apps import apps

    from core.search_document import kinds_with_search_document, refresh_search_documents
    from pages.initial_content import load_english_pages, load_standalone_pages
    from pages.models import Page
    from programme.initial_content import load_initial_content

    load_initial_content(apps)
    load_standalone_pages(apps)
    load_english_pages(apps)
    # Written with update(), as its migration does (pages 0005, which then refills them):
    # the pages' search documents follow their English text here.
    for kind in kinds_with_search_document(Page):
        refresh_search_documents(kind)


@pytest.fixture
def without_approval(db):
    """Saving publishes at once for every kind, as before approval before publication
    (backoffice/workflow.py, on by default for the fixed pages and the fiche): for the
    tests of what a published save does (its messages, the history, the restore)."""
    from backoffice.models import ApprovalSetting

    ApprovalSetting.objects.update(approval_required=False)


@pytest.fixture
def secretariat_user(db, django_user_model):
    """A member of the « Secrétariat » group: who edits the site day to day."""
    return make_staff(django_user_model, SECRETARIAT_EMAIL, SECRETARIAT)


@pytest.fixture
def programme_manager(db, django_user_model):
    """A member of the « Responsable pédagogique » group (reads all, edits the programme)."""
    return make_staff(django_user_model, "responsable@univ-lorraine.fr", PROGRAMME_MANAGER)


@pytest.fixture
def staff_client(secretariat_user):
    """A browser signed in as a Secrétariat member, beside the visitors' `client`."""
    browser = Client()
    browser.force_login(secretariat_user)
    return browser


@pytest.fixture
def superuser_client(admin_user):
    """A browser signed in as a superuser, for what only the site's administrators do
    (past the login's second step, which superusers must use)."""
    return sign_in_two_step(Client(), admin_user)


@pytest.fixture
def pdf_renderer():
    """WeasyPrint, for the tests that make PDFs. Skipped with a French reason when its system
    libraries are missing on this machine; CI installs them (.ci/install-pdf-libraries), so
    there the same absence fails instead of hiding the tests."""
    import os

    from core.pdf import load_weasyprint

    try:
        return load_weasyprint()
    except (ImportError, OSError) as error:
        reason = (
            "WeasyPrint ne se charge pas (bibliothèques Pango/HarfBuzz absentes ?) : "
            f"lancez .ci/install-pdf-libraries. Détail : {error}"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def clock(monkeypatch):
    """The TOTP devices' clock, fixed at TOTP_NOW; move it with `clock.now += 30`."""
    fixed = SimpleNamespace(now=TOTP_NOW)
    monkeypatch.setattr(
        "django_otp.plugins.otp_totp.models.time", SimpleNamespace(time=lambda: fixed.now)
    )
    return fixed
