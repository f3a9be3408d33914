import json

import pytest
from django.urls import reverse

from tests.prod.conftest import manage, production_env


def test_check_deploy_prints_no_warning_under_the_production_configuration(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(SECURE_SSL_REDIRECT="True", DATABASE_URL=f"sqlite:///{tmp_path}/db"),
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_make_cookies_secure_httponly_and_samesite(tmp_path):
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({n: getattr(s, n) for n in ['SESSION_COOKIE_SECURE', "
        "'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SECURE', "
        "'CSRF_COOKIE_HTTPONLY', 'CSRF_COOKIE_SAMESITE', 'SECURE_HSTS_SECONDS', "
        "'SECURE_SSL_REDIRECT', 'DEBUG', 'PAGE_CACHE_SECONDS']}))"
    )
    result = manage(
        "shell", "--no-imports", "-c", script, env=production_env(SECURE_SSL_REDIRECT="True")
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_SSL_REDIRECT": True,
        "DEBUG": False,
        "PAGE_CACHE_SECONDS": 600,
    }


@pytest.mark.django_db
def test_public_page_carries_every_security_header(client, site_content, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("home"), secure=True)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_public_pages_hold_no_inline_script_nor_style(client, site_content):
    html = client.get(reverse("home")).content.decode()
    assert "<script>" not in html and " style=" not in html and "<style" not in html


@pytest.mark.django_db
def test_admin_policy_allows_inline_styles_but_never_inline_scripts(client):
    response = client.get(reverse("admin:login"))
    policy = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy or policy.endswith("script-src 'self'")
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_cookies_carry_the_production_flags(client, settings, django_user_model):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    login_page = client.get(reverse("admin:login"), secure=True)
    csrf_cookie = login_page.cookies["csrftoken"]
    assert csrf_cookie["secure"] and csrf_cookie["httponly"]
    assert csrf_cookie["samesite"] == "Lax"
    django_user_model.objects.create_user("secretariat", password="motdepasse", is_staff=True)
    response = client.post(
        reverse("admin:login"),
        {"username": "secretariat", "password": "motdepasse", "next": "/admin/"},
        secure=True,
    )
    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_static_files_get_the_headers_too(client):
    response = client.get("/static/css/site.css")
    response.close()
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"
