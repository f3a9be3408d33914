import base64
import hashlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from core.models import SiteIdentity
from operations import content_version
from operations.models import ContentVersion
from pages.models import ContactMessage
from programme.models import Programme
from tests.html import texts
from tests.prod.urls import IMPORT_MAP


@pytest.fixture
def page_cache(settings, site_content):
    settings.PAGE_CACHE_SECONDS = 600
    settings.ROOT_URLCONF = "tests.prod.urls"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "d"},
        # Two app servers, each with its own local-memory cache: only the database is shared.
        "worker_a": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "a"},
        "worker_b": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b"},
    }
    return settings


def through(settings, worker, client, url):
    settings.PAGE_CACHE_ALIAS = worker
    return client.get(url)


def edit_pitch(text, django_capture_on_commit_callbacks):
    programme = Programme.load()
    programme.pitch = text
    if hasattr(programme, "pitch_en"):  # what the English home shows once filled in
        programme.pitch_en = text
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        programme.save()


@pytest.mark.django_db
def test_second_anonymous_visit_is_served_from_the_cache_with_one_query(
    client, page_cache, django_assert_num_queries
):
    assert client.get("/")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):  # the content version
        response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert escape(Programme.load().pitch) in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("home", ["/", "/en/"])
def test_a_change_is_visible_on_the_next_request_whichever_worker_answers(
    client, page_cache, django_capture_on_commit_callbacks, home
):
    through(page_cache, "worker_a", client, home)
    through(page_cache, "worker_b", client, home)
    assert through(page_cache, "worker_b", client, home)["X-Page-Cache"] == "hit"

    # Saved through worker A's process: worker B's own cache was never told.
    page_cache.PAGE_CACHE_ALIAS = "worker_a"
    edit_pitch(
        "Nouvelle présentation du master, publiée à l'instant.", django_capture_on_commit_callbacks
    )

    response = through(page_cache, "worker_b", client, home)
    assert response["X-Page-Cache"] == "miss"
    assert "Nouvelle présentation du master, publiée à l&#x27;instant." in response.content.decode()


@pytest.mark.django_db
def test_each_language_has_its_own_cached_pages(client, page_cache):
    for french, english in (("/", "/en/"), ("/actualites/", "/en/news/")):
        client.get(french)
        client.get(english)
        for url, language in ((french, "fr"), (english, "en")):
            response = client.get(url)
            assert response["X-Page-Cache"] == "hit", url
            assert response["Content-Language"] == language
            assert f'<html lang="{language}">' in response.content.decode(), url
            # Chosen by the address alone: nothing for a shared cache to vary on.
            assert "Accept-Language" not in response.get("Vary", "")
            assert not response.cookies


@pytest.mark.django_db
def test_demo_content_written_in_bulk_shows_on_the_next_request(client, page_cache):
    assert client.get("/actualites/")["X-Page-Cache"] == "miss"
    assert client.get("/actualites/")["X-Page-Cache"] == "hit"
    call_command("generate_demo_content", news=3, stdout=io.StringIO())
    response = client.get("/actualites/")
    assert response["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_rolled_back_change_keeps_the_cached_pages(client, page_cache):
    before = content_version.current()
    with transaction.atomic():
        programme = Programme.load()
        programme.pitch = "Jamais enregistré"
        programme.save()
        transaction.set_rollback(True)
    assert content_version.current() == before


@pytest.mark.django_db
def test_many_saves_in_one_transaction_move_the_version_once(
    page_cache, django_capture_on_commit_callbacks
):
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for text in ("un", "deux", "trois"):
            programme = Programme.load()
            programme.pitch = text
            programme.save()
    assert content_version.current() == before + 1


@pytest.mark.django_db
def test_a_deletion_moves_the_version(page_cache, django_capture_on_commit_callbacks):
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=True):
        Programme.load().delete()
    assert content_version.current() == before + 1


@pytest.mark.django_db
def test_a_due_scheduled_publication_moves_the_version_by_itself(page_cache):
    before = content_version.current()
    ContentVersion.objects.filter(pk=1).update(
        next_publication_at=timezone.now() - timezone.timedelta(seconds=1)
    )
    assert content_version.current() == before + 1
    # No publishable content is scheduled any more: the row says so.
    assert ContentVersion.objects.get().next_publication_at is None


@pytest.mark.django_db
def test_a_staff_login_does_not_move_the_version(page_cache, client):
    staff = get_user_model().objects.create_user("equipe", password="x", is_staff=True)
    before = content_version.current()
    client.force_login(staff)  # stamps last_login, as a real login does
    assert content_version.current() == before


def version_number():
    return ContentVersion.objects.get(pk=1).number


@pytest.mark.django_db
def test_failed_logins_and_contact_messages_leave_the_version_and_content_moves_it(
    client, page_cache, django_capture_on_commit_callbacks
):
    from tests.pages.conftest import signed_in_the_past

    content_version.current()  # the row exists from the first page on
    before = version_number()
    get_user_model().objects.create_user("equipe", password="bon-mot-de-passe", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:login"),
            {"username": "equipe", "password": "mauvais", "next": reverse("admin:index")},
        )
    assert texts(response.content, css_class="errornote")  # the form again, with its error
    assert version_number() == before

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pages:contact"),
            {
                "name": "Camille Martin",
                "email": "camille.martin@exemple.fr",
                "subject": "Candidature",
                "message": "Bonjour, quand ouvrent les candidatures ?",
                "consent": "on",
                "website": "",
                "form_started": signed_in_the_past(),
            },
        )
    assert response.status_code == 302
    assert ContactMessage.objects.count() == 1
    assert version_number() == before

    edit_pitch("Une présentation revue.", django_capture_on_commit_callbacks)
    assert version_number() == before + 1


@pytest.mark.django_db
def test_staff_never_see_nor_fill_the_cache(client, page_cache, django_user_model):
    client.get("/")
    staff = django_user_model.objects.create_user("equipe", password="x", is_staff=True)
    staff_client = Client()
    staff_client.force_login(staff)
    response = staff_client.get("/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


@pytest.mark.django_db
def test_pages_with_a_form_token_are_never_cached(client, page_cache):
    first = client.get("/test-formulaire/")
    assert "X-Page-Cache" not in first
    assert "csrftoken" in first.cookies
    assert "X-Page-Cache" not in Client().get("/test-formulaire/")


@pytest.mark.django_db
def test_errors_and_other_methods_are_not_cached(client, page_cache):
    assert "X-Page-Cache" not in client.get("/cette-page-n-existe-pas/")
    assert "X-Page-Cache" not in client.post("/")


@pytest.mark.django_db
def test_pages_answer_conditional_requests(client, page_cache):
    first = client.get("/")
    etag = first["ETag"]
    assert first["Cache-Control"] == "max-age=0, must-revalidate"
    revalidated = client.get("/", headers={"If-None-Match": etag})
    assert revalidated.status_code == 304
    assert revalidated.content == b""


@pytest.mark.django_db
def test_cache_is_off_while_page_cache_seconds_is_zero(client, site_content, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert "X-Page-Cache" not in client.get("/")


@pytest.mark.django_db
def test_head_requests_get_the_headers_without_a_body(client, page_cache):
    client.get("/")
    response = client.head("/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    assert int(response["Content-Length"]) > 1000
    assert response.content == b""


@pytest.mark.django_db
def test_an_identity_change_made_by_another_process_shows_on_the_next_page(client, page_cache):
    client.get("/")  # this process now holds the identity in its local memory
    # Another process saves the identity: the row changes, the shared version moves, but
    # its cache deletion reaches only its own memory.
    SiteIdentity.objects.filter(pk=1).update(ufr_phone="03 87 99 99 99")
    content_version.bump()
    response = client.get("/")
    assert "03 87 99 99 99" in response.content.decode()


@pytest.mark.django_db
def test_pages_are_still_served_when_the_cache_server_fails(client, page_cache, tmp_path, caplog):
    not_a_folder = tmp_path / "fichier"
    not_a_folder.write_text("")
    page_cache.CACHES = {
        **page_cache.CACHES,
        "broken": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(not_a_folder / "cache"),
        },
    }
    page_cache.PAGE_CACHE_ALIAS = "broken"
    response = client.get("/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "cache de pages indisponible" in caplog.text


@pytest.mark.django_db
def test_a_hit_is_served_compressed_as_stored_with_the_same_tag(client, page_cache):
    import gzip

    plain = client.get("/")
    compressed = client.get("/", headers={"Accept-Encoding": "gzip, br"})
    assert compressed["X-Page-Cache"] == "hit"
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert compressed["ETag"] == "W/" + plain["ETag"]
    # Without gzip in Accept-Encoding: the plain page, the same tag as when rendered.
    again = client.get("/")
    assert again["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in again
    assert again.content == plain.content
    assert again["ETag"] == plain["ETag"]
    assert client.get("/", headers={"If-None-Match": plain["ETag"]}).status_code == 304


@pytest.mark.django_db
def test_a_stored_page_with_an_import_map_keeps_its_hash_in_the_policy(client, page_cache):
    digest = base64.b64encode(hashlib.sha256(IMPORT_MAP.encode()).digest()).decode()
    allowed = f"script-src 'self' 'sha256-{digest}'"
    first = client.get("/test-carte-d-import/")
    assert first["X-Page-Cache"] == "miss"
    assert allowed in first["Content-Security-Policy"]
    for encoding in ("", "gzip"):
        hit = client.get("/test-carte-d-import/", headers={"Accept-Encoding": encoding})
        assert hit["X-Page-Cache"] == "hit"
        assert allowed in hit["Content-Security-Policy"]
    plain = client.get("/")
    assert "sha256-" not in plain["Content-Security-Policy"]
