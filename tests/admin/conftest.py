"""Builders for the admin's tests: staff accounts in their real groups, a real image."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from programme import registry
from programme.models import Image
from programme.roles import PROGRAMME_MANAGER, SECRETARIAT, sync_roles

SECRETARIAT_EMAIL = "secretariat@univ-lorraine.fr"
SECRETARIAT_PASSWORD = "Ipps-secretariat-2026!"


def make_staff(django_user_model, email, group_name, password=SECRETARIAT_PASSWORD):
    sync_roles()
    user = django_user_model.objects.create_user(
        email, email=email, password=password, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def secretariat_user(db, django_user_model):
    return make_staff(django_user_model, SECRETARIAT_EMAIL, SECRETARIAT)


@pytest.fixture
def programme_manager(db, django_user_model):
    return make_staff(django_user_model, "responsable@univ-lorraine.fr", PROGRAMME_MANAGER)


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def png_upload(name="photo.png", size=(40, 30)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def image(db):
    picture = Image(file=png_upload(), alt_text="Soutenance des mémoires 2025")
    picture.save()
    return picture


@pytest.fixture
def isolated_admin_registry():
    """Hooks registered by a test are removed afterwards; the apps' own ones stay."""
    attention, schedules = dict(registry._admin_attention), dict(registry._schedules)
    yield
    registry._admin_attention.clear()
    registry._admin_attention.update(attention)
    registry._schedules.clear()
    registry._schedules.update(schedules)


# The public pages of the login flow (reset, lockout) are checked with the site's axe rules.
from tests.browser.conftest import assert_accessible, axe  # noqa: E402, F401
