import pytest
from django.contrib.auth import middleware as auth_middleware
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.test import override_settings
from django.urls import reverse

from core.models import SiteIdentity
from tests.staff import make_staff


@pytest.mark.django_db
def test_home_shows_identity_navigation_and_footer(client, site_content):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Ingénierie des Politiques Publiques et Sociales" in html
    assert "UFR Sciences Humaines &amp; Arts" in html
    assert "Île du Saulcy" in html and "57006 Metz cedex 1" in html
    assert "03 87 31 56 38" in html and 'href="tel:+33387315638"' in html
    assert "Université de Lorraine" in html and "54052 Nancy cedex" in html
    assert "03 54 50 54 00" in html
    assert 'href="#contenu"' in html
    assert 'aria-current="page">Accueil</a>' in html


@pytest.mark.django_db
def test_layout_reads_identity_in_a_bounded_number_of_queries(
    client, site_content, django_assert_max_num_queries
):
    # The 404 page is the layout alone: the home page's app blocks run their own queries
    # (each app tests those against large data sets).
    layout_only = "/cette-page-n-existe-pas/"
    client.get(layout_only)  # warms the identity cache
    with django_assert_max_num_queries(1):
        client.get(layout_only)


@pytest.mark.django_db
def test_there_is_only_ever_one_identity(site_content):
    SiteIdentity(ufr_name="Autre", ufr_address="x", ufr_phone="1").save()
    assert SiteIdentity.objects.count() == 1
    assert SiteIdentity.objects.get().ufr_name == "Autre"


@pytest.mark.django_db
def test_editing_identity_shows_on_next_page(
    client, site_content, django_capture_on_commit_callbacks
):
    client.get(reverse("home"))
    identity = SiteIdentity.objects.get()
    identity.ufr_phone = "03 87 00 00 00"
    with django_capture_on_commit_callbacks(execute=True):
        identity.save()
    assert "03 87 00 00 00" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_unknown_page_gives_french_404_in_layout(client, site_content):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
    assert "UFR Sciences Humaines" in response.content.decode()


def test_server_error_page_renders_without_database(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Le site rencontre un problème" in response.content.decode()


@pytest.mark.django_db
def test_health_is_200_with_database(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_health_is_503_without_database(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def unreachable(*args, **kwargs):
        raise DatabaseError("connection refused")

    # The real failure (a stopped PostgreSQL) is exercised in CI; here the cursor refuses.
    monkeypatch.setattr(CursorWrapper, "execute", unreachable)
    response = client.get(reverse("health"))
    assert response.status_code == 503


def _load_settings(monkeypatch, **environ):
    import importlib

    import config.settings

    for key in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"):
        monkeypatch.delenv(key, raising=False)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    return importlib.reload(config.settings)


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        _load_settings(monkeypatch, DEBUG="False", ALLOWED_HOSTS="ipps.example.fr")
    _load_settings(monkeypatch)


def test_production_refuses_to_start_without_allowed_hosts(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS"):
        _load_settings(monkeypatch, DEBUG="False", SECRET_KEY="x" * 50)
    _load_settings(monkeypatch)


def test_settings_default_to_french_sqlite_and_debug(monkeypatch):
    settings_module = _load_settings(monkeypatch)
    assert settings_module.LANGUAGE_CODE == "fr"
    assert settings_module.TIME_ZONE == "Europe/Paris"
    assert settings_module.DEBUG is True


def test_database_url_switches_to_postgresql(monkeypatch):
    settings_module = _load_settings(monkeypatch, DATABASE_URL="postgres://u:p@db:5432/ipps")
    assert settings_module.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    monkeypatch.delenv("DATABASE_URL")
    _load_settings(monkeypatch)


@override_settings(DEBUG=False)
@pytest.mark.django_db
def test_create_local_staff_refuses_outside_local_mode(capsys):
    from django.core.management import call_command

    call_command("create_local_staff")
    assert "non créé" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_visitor_without_a_session_is_anonymous_without_looking_the_user_up(
    client, site_content, monkeypatch, django_user_model
):
    lookups = []
    real_get_user = auth_middleware.get_user
    monkeypatch.setattr(
        auth_middleware, "get_user", lambda request: lookups.append(1) or real_get_user(request)
    )
    response = client.get(reverse("home"))  # the home page asks whether the reader is staff
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert lookups == []

    staff = make_staff(django_user_model, "secretariat@univ-lorraine.fr", "Secrétariat")
    client.force_login(staff)
    response = client.get(reverse("home"))
    assert response.wsgi_request.user == staff
    assert lookups == [1]
