"""Two app servers on one PostgreSQL database and one shared media folder."""

import datetime
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PillowImage

from backoffice.roles import SECRETARIAT, sync_roles
from core.models import Image
from documents.models import Category, Document
from documents.pdf_builder import build_pdf
from tests.prod.conftest import (
    AdminBrowser,
    database_url,
    fetch,
    production_env,
    requires_postgresql,
    staff_password_hash,
)

pytestmark = [requires_postgresql, pytest.mark.django_db(transaction=True)]


def test_what_is_published_through_one_server_is_read_through_the_other(
    site_content, without_approval, collected_static, start_gunicorn, tmp_path, settings
):
    # The fiche's change publishes at once (approval before publication switched off): what
    # is shared between servers is the subject here, the workflow has its own tests.
    sync_roles()
    staff = get_user_model().objects.create(
        username="secretariat",
        password=staff_password_hash("mot-de-passe"),
        is_staff=True,
    )
    staff.groups.add(Group.objects.get(name=SECRETARIAT))
    env = production_env(
        DATABASE_URL=database_url(),
        MEDIA_ROOT=tmp_path / "media-partage",
        PRIVATE_MEDIA_ROOT=tmp_path / "documents-partages",
        STATIC_ROOT=collected_static,
        PAGE_CACHE_SECONDS=600,
        # Each server has its own local-memory cache: only the database is shared.
        CACHE_URL="locmemcache://",
        CONN_MAX_AGE=0,
    )
    server_a = start_gunicorn(env, "a")
    server_b = start_gunicorn(env, "b")
    for server in (server_a, server_b):
        fetch(server.url + "/")
        status, headers, _ = fetch(server.url + "/")
        assert status == 200 and headers["X-Page-Cache"] == "hit"

    staff = AdminBrowser(server_a.url)
    staff.login("secretariat", "mot-de-passe")
    status, headers, html = staff.submit(
        "/admin/programme/programme/1/change/",
        {
            "name": "Ingénierie des Politiques Publiques et Sociales (IPPS)",
            "degree": "Master professionnel",
            "pitch": "Rentrée 2026 : candidatures ouvertes jusqu'au 15 mai.",
            # The card's contacts inline, left empty.
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
            "_save": "Enregistrer",
        },
    )
    assert status == 302, html
    photo = io.BytesIO()
    PillowImage.new("RGB", (800, 600), "darkgreen").save(photo, format="JPEG")
    status, _headers, html = staff.submit(
        "/admin/core/image/add/",
        {"alt_text": "Promotion 2025 devant l'UFR", "credit": "", "_save": "Enregistrer"},
        files={"file": ("promotion.jpg", photo.getvalue())},
    )
    assert status == 302, html

    status, headers, body = fetch(server_b.url + "/")
    assert status == 200
    assert headers["X-Page-Cache"] == "miss"
    assert "Rentrée 2026 : candidatures ouvertes jusqu&#x27;au 15 mai." in body.decode()

    image = Image.objects.get()
    status, headers, body = fetch(f"{server_b.url}/media/{image.file.name}")
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    with PillowImage.open(io.BytesIO(body)) as served:
        assert served.size == (800, 600)

    # Document files: in the private storage, shared too, served by either server's link.
    settings.PRIVATE_MEDIA_ROOT = Path(env["PRIVATE_MEDIA_ROOT"])
    document = Document(
        title="Calendrier universitaire",
        slug="calendrier-universitaire",
        category=Category.objects.get_or_create(slug="scolarite", defaults={"name": "Scolarité"})[
            0
        ],
        status="published",
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )
    document.file = ContentFile(build_pdf("Calendrier"), name="calendrier.pdf")
    document.save()
    for server in (server_a, server_b):
        status, _headers, body = fetch(server.url + "/documents/calendrier-universitaire/")
        assert status == 200 and body.startswith(b"%PDF")
        assert fetch(f"{server.url}/media/{document.file.name}")[0] == 404
