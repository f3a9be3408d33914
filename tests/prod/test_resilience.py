import errno
import io
import json
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template import loader
from PIL import Image as PillowImage

from config.errors import server_error
from config.logging import JsonFormatter, WithoutNotFound
from core.models import Image
from core.storage import AtomicFileSystemStorage


class DiskFullHalfWay(AtomicFileSystemStorage):
    """A disk that fills up after the first chunk of any file written to it."""

    def _save(self, name, content):
        return super()._save(name, _FailingAfterFirstChunk(content))


class _FailingAfterFirstChunk:
    def __init__(self, content):
        self.content = content

    def chunks(self):
        for index, chunk in enumerate(self.content.chunks(chunk_size=64)):
            if index == 1:
                raise OSError(errno.ENOSPC, "No space left on device")
            yield chunk


def png_upload():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def files_under(folder):
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


@pytest.mark.django_db
def test_database_failure_answers_the_french_503_page(client, settings):
    settings.ROOT_URLCONF = "tests.prod.urls"
    client.raise_request_exception = False
    response = client.get("/test-base-injoignable/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Site momentanément indisponible" in html
    assert "revient de lui-même" in html


def test_503_page_renders_without_any_database_query(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        html = loader.get_template("503.html").render()
    assert "<h1>Site momentanément indisponible</h1>" in html


def test_other_errors_keep_the_500_page(rf):
    try:
        raise ValueError("bogue")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Le site rencontre un problème" in response.content.decode()


def test_a_write_failing_half_way_leaves_no_partial_file(tmp_path):
    storage = DiskFullHalfWay(location=tmp_path)
    with pytest.raises(OSError, match="No space left"):
        storage.save("documents/rapport.pdf", ContentFile(b"%PDF-1.7 " + b"x" * 1000))
    assert files_under(tmp_path) == []


def test_a_complete_write_keeps_its_name_and_never_overwrites(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    first = storage.save("documents/rapport.pdf", ContentFile(b"premier"))
    second = storage.save("documents/rapport.pdf", ContentFile(b"second"))
    assert first == "documents/rapport.pdf" and second != first
    assert (tmp_path / first).read_bytes() == b"premier"
    assert (tmp_path / second).read_bytes() == b"second"
    assert oct((tmp_path / first).stat().st_mode & 0o777) == "0o644"
    assert len(files_under(tmp_path)) == 2


@pytest.mark.django_db
def test_an_upload_failing_half_way_leaves_no_record_and_no_file(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.prod.test_resilience.DiskFullHalfWay"},
    }
    with pytest.raises(OSError), transaction.atomic():
        Image.objects.create(file=png_upload(), alt_text="Salle de cours")
    assert not Image.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []


@pytest.mark.django_db
def test_an_upload_that_succeeds_is_stored_through_the_atomic_storage(settings):
    image = Image.objects.create(file=png_upload(), alt_text="Salle de cours")
    assert (settings.MEDIA_ROOT / image.file.name).is_file()
    assert not [path for path in files_under(settings.MEDIA_ROOT) if ".upload-" in path.name]


@pytest.mark.django_db
def test_a_request_error_is_logged_as_one_json_line_with_path_and_status(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/cette-page-n-existe-pas/?source=lettre")
    record = next(record for record in caplog.records if record.name == "django.request")
    line = JsonFormatter().format(record)
    assert "\n" not in line
    event = json.loads(line)
    assert event["path"] == "/cette-page-n-existe-pas/"
    assert event["status"] == 404
    assert event["method"] == "GET"
    assert event["level"] == "WARNING"


def test_gunicorn_access_events_become_json_lines_with_path_and_status():
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(h)s", None, None)
    record.args = {
        "h": "10.0.0.1",
        "m": "GET",
        "U": "/actualites/",
        "q": "page=2",
        "s": "200",
        "B": "5120",
        "D": "8300",
        "a": "Mozilla",
    }
    event = json.loads(JsonFormatter().format(record))
    assert event["path"] == "/actualites/?page=2"
    assert event["status"] == 200
    assert event["duration_ms"] == 8.3
    assert "10.0.0.1" not in json.dumps(event)  # no visitor address in the logs


def test_missing_addresses_are_left_to_the_access_log_other_errors_are_logged():
    without_not_found = WithoutNotFound()

    def record(name, status):
        event = logging.LogRecord(name, logging.WARNING, "", 0, "Erreur", None, None)
        event.status_code = status
        return event

    assert not without_not_found.filter(record("django.request", 404))
    assert without_not_found.filter(record("django.request", 500))
    assert without_not_found.filter(record("django.request", 403))
    assert without_not_found.filter(record("gunicorn.access", 404))
