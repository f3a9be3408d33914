"""Two app servers on one PostgreSQL database and one shared media folder."""

import io

import pytest
from django.contrib.auth import get_user_model
from PIL import Image as PillowImage

from programme.models import Image
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
    site_content, collected_static, start_gunicorn, tmp_path
):
    get_user_model().objects.create(
        username="secretariat",
        password=staff_password_hash("mot-de-passe"),
        is_staff=True,
        is_superuser=True,
    )
    env = production_env(
        DATABASE_URL=database_url(),
        MEDIA_ROOT=tmp_path / "media-partage",
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
        "/admin/programme/image/add/",
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
