"""The persistent connection's health check rides on the content version's read.

Requests go through Django's own WSGI handler, not the test client: only there does the
start of a request arm the health check of a persistent connection (the test client
switches that signal off).
"""

import io

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db(transaction=True)

requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Couper la connexion côté serveur demande PostgreSQL ; "
    "lancer avec DATABASE_URL=postgres://…",
)


@pytest.fixture
def persistent_site(settings, site_content, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 600
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    connection.close()  # the next connection is opened with the settings above
    yield WSGIHandler()
    connection.close()


def serve(handler, path="/"):
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(headers)

    environ = RequestFactory().get(path).environ
    environ["wsgi.input"] = io.BytesIO()
    body = b"".join(handler(environ, start_response))
    return answer["status"], answer["headers"], body


def test_a_cached_page_on_a_reused_connection_costs_one_round_trip(persistent_site, monkeypatch):
    serve(persistent_site)  # opens the connection and stores the page
    assert connection.connection is not None
    checks = []
    real_is_usable = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or real_is_usable())

    with CaptureQueriesContext(connection) as queries:
        status, headers, _body = serve(persistent_site)

    assert status == 200
    assert headers["X-Page-Cache"] == "hit"
    # The content version's read alone: no `SELECT 1` of its own before it.
    assert len(queries) == 1
    assert checks == []


@requires_postgresql
def test_a_connection_cut_between_requests_is_replaced_without_an_error(persistent_site):
    serve(persistent_site)
    first_backend = connection.connection.get_backend_pid()
    # Another session cuts this one, as a server restart does.
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [first_backend])
    finally:
        other.close()

    status, headers, body = serve(persistent_site)

    assert status == 200
    assert headers["X-Page-Cache"] == "hit"
    assert "Ingénierie des Politiques Publiques et Sociales" in body.decode()
    assert connection.connection.get_backend_pid() != first_backend
