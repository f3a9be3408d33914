"""Security headers on every kind of response, /.well-known/security.txt, cookies, and a new
session key at each step of the login."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image as PillowImage

from core.models import Image, SiteIdentity
from core.publication import PublicationStatus
from documents.models import Category as DocumentCategory
from documents.models import Document
from news.models import Category, NewsItem
from tests.documents.conftest import valid_bytes
from tests.security.conftest import read_through
from tests.staff import SECRETARIAT_EMAIL, SECRETARIAT_PASSWORD, code_at

pytestmark = pytest.mark.django_db

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
}


@pytest.fixture
def every_kind_of_response(site_content):
    """{description: (client, url)} for a public page of each kind, errors, the admin, feeds
    and files: what a visitor or a member of staff can receive from the site."""
    past = timezone.now() - timedelta(hours=1)
    item = NewsItem.objects.create(
        title="Soutenances",
        slug="soutenances",
        summary="Les soutenances ont lieu en juin.",
        body="<p>Texte.</p>",
        category=Category.objects.get(slug="vie-du-master"),
        status=PublicationStatus.PUBLISHED,
        published_at=past,
        starts_at=past + timedelta(days=10),
    )
    document = Document(
        title="Dossier",
        slug="dossier",
        category=DocumentCategory.objects.get_or_create(slug="c", defaults={"name": "C"})[0],
        status=PublicationStatus.PUBLISHED,
        published_at=past,
    )
    document.file = ContentFile(valid_bytes("pdf", "Dossier"), name="dossier.pdf")
    document.save()
    buffer = io.BytesIO()
    PillowImage.new("RGB", (60, 40), (10, 20, 30)).save(buffer, format="PNG")
    image = Image(file=SimpleUploadedFile("i.png", buffer.getvalue()), alt_text="Image")
    image.save()

    from django.contrib.auth import get_user_model

    from backoffice.roles import SECRETARIAT
    from tests.staff import make_staff

    staff = Client()
    staff.force_login(make_staff(get_user_model(), SECRETARIAT_EMAIL, SECRETARIAT))
    visitor = Client()
    return {
        "accueil": (visitor, reverse("home")),
        "formation": (visitor, reverse("programme:presentation")),
        "liste des actualités": (visitor, reverse("news:list")),
        "actualité": (visitor, item.get_absolute_url()),
        "recherche": (visitor, reverse("search") + "?q=soutenances"),
        "contact (formulaire)": (visitor, reverse("pages:contact")),
        "page introuvable": (visitor, "/page-qui-n-existe-pas/"),
        "flux RSS": (visitor, reverse("news:feed")),
        "agenda .ics": (visitor, reverse("news:event_ics", args=[item.slug])),
        "sitemap.xml": (visitor, reverse("sitemap")),
        "robots.txt": (visitor, reverse("robots_txt")),
        "security.txt": (visitor, reverse("security_txt")),
        "fichier statique": (visitor, "/static/css/site.css"),
        "image envoyée": (visitor, image.file.url),
        "document (lien stable)": (visitor, document.get_absolute_url()),
        "connexion à l'administration": (visitor, reverse("admin:login")),
        "mot de passe oublié": (visitor, reverse("admin_password_reset")),
        "accueil de l'administration": (staff, reverse("admin:index")),
        "liste de l'administration": (staff, reverse("admin:news_newsitem_changelist")),
        "fiche de l'administration": (staff, reverse("admin:news_newsitem_change", args=[item.pk])),
    }


def test_every_kind_of_response_carries_the_security_headers(every_kind_of_response, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    identity = SiteIdentity.load()
    identity.contact_email = "secretariat-ipps@univ-lorraine.fr"
    identity.save()
    missing = {}
    for description, (client, url) in every_kind_of_response.items():
        response = client.get(url, secure=True)
        read_through(response)
        assert response.status_code in (200, 404), (description, response.status_code)
        wrong = {
            name: response.get(name)
            for name, value in EXPECTED.items()
            if response.get(name) != value
        }
        policy = response.get("Content-Security-Policy", "")
        if "default-src" not in policy or (
            "frame-ancestors 'none'" not in policy and "sandbox" not in policy
        ):
            wrong["Content-Security-Policy"] = policy
        if "camera=()" not in response.get("Permissions-Policy", ""):
            wrong["Permissions-Policy"] = response.get("Permissions-Policy")
        if wrong:
            missing[description] = wrong
    assert missing == {}


def test_no_hsts_over_plain_http(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = client.get(reverse("home"))
    assert "Strict-Transport-Security" not in response


# --- /.well-known/security.txt (RFC 9116) -------------------------------------------------


def security_txt_fields(response):
    fields = {}
    for line in response.content.decode().splitlines():
        name, _, value = line.partition(": ")
        fields.setdefault(name, []).append(value)
    return fields


def test_security_txt_names_the_configured_contacts_and_expires_within_a_year(client, settings):
    settings.SECURITY_CONTACT = ["securite@univ-lorraine.fr", "https://univ-lorraine.fr/securite"]
    response = client.get("/.well-known/security.txt", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = security_txt_fields(response)
    assert fields["Contact"] == [
        "mailto:securite@univ-lorraine.fr",
        "https://univ-lorraine.fr/securite",
    ]
    assert fields["Preferred-Languages"] == ["fr, en"]
    assert fields["Canonical"] == ["https://testserver/.well-known/security.txt"]
    (expires,) = fields["Expires"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", expires)
    moment = datetime.strptime(expires, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert timezone.now() < moment < timezone.now() + timedelta(days=365)


def test_security_txt_falls_back_on_the_site_contact_address_then_on_nothing(
    client, site_content, settings, django_capture_on_commit_callbacks
):
    settings.SECURITY_CONTACT = []
    identity = SiteIdentity.load()
    identity.contact_email = ""
    with django_capture_on_commit_callbacks(execute=True):
        identity.save()
    # Without any contact the file would be invalid: none at all.
    assert client.get("/.well-known/security.txt").status_code == 404
    identity.contact_email = "secretariat-ipps@univ-lorraine.fr"
    with django_capture_on_commit_callbacks(execute=True):
        identity.save()
    response = client.get("/.well-known/security.txt")
    assert security_txt_fields(response)["Contact"] == ["mailto:secretariat-ipps@univ-lorraine.fr"]


# --- Sessions: a new key at each login step ---------------------------------------------


def session_key(client):
    return client.cookies["sessionid"].value


def test_password_login_gives_a_new_session_key_and_drops_the_old_one(client, secretariat_user):
    session = client.session  # a session opened before login (planted, or a visitor's)
    session["avant"] = "connexion"
    session.save()
    before = session_key(client)
    response = client.post(
        reverse("admin:login"),
        {"username": SECRETARIAT_EMAIL, "password": SECRETARIAT_PASSWORD, "next": "/admin/"},
        secure=True,
    )
    assert response.status_code == 302
    after = session_key(client)
    assert after != before
    assert not SessionStore().exists(before)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_the_code_step_of_the_login_gives_another_session_key(
    client,
    secretariat_user,
    clock,
):
    device = TOTPDevice.objects.create(user=secretariat_user, name="Téléphone", confirmed=True)
    client.post(
        reverse("admin:login"),
        {"username": SECRETARIAT_EMAIL, "password": SECRETARIAT_PASSWORD, "next": "/admin/"},
    )
    after_password = session_key(client)
    assert client.get(reverse("admin:index")).status_code == 302  # the code is still due
    response = client.post(
        reverse("admin:otp_verify"),
        {"code": code_at(device, clock.now), "next": reverse("admin:index")},
    )
    assert response.status_code == 302
    after_code = session_key(client)
    assert after_code != after_password
    assert not SessionStore().exists(after_password)
    # The new key carries the verified session: the admin opens.
    assert client.get(reverse("admin:index")).status_code == 200
