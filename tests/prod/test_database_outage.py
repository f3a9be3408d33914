"""The database goes away and comes back: the site says so in French, then recovers alone.

Stops a real PostgreSQL cluster, so it runs only where that is allowed:
IPPS_PG_OUTAGE_TEST=1 (set by .ci/run), and IPPS_PG_CLUSTER naming the cluster that holds
the test database (default « 15 main », as pg_lsclusters shows it).
"""

import os
import subprocess
import time

import pytest
from django.db import connection

from tests.prod.conftest import database_url, fetch, production_env, requires_postgresql

pytestmark = [
    requires_postgresql,
    pytest.mark.skipif(
        os.environ.get("IPPS_PG_OUTAGE_TEST") != "1",
        reason="Arrête le serveur PostgreSQL : lancé seulement avec IPPS_PG_OUTAGE_TEST=1 "
        "(par .ci/run), jamais sur un serveur partagé.",
    ),
    pytest.mark.django_db(transaction=True),
]


def pg_cluster(action):
    version, name = os.environ.get("IPPS_PG_CLUSTER", "15 main").split()
    subprocess.run(["pg_ctlcluster", version, name, action], check=True, timeout=120)


def wait_for(url, status, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        answer = fetch(url)
        if answer[0] == status or time.monotonic() > deadline:
            return answer
        time.sleep(0.5)


def test_pages_answer_503_in_french_while_the_database_is_down_then_recover(
    site_content, collected_static, start_gunicorn, tmp_path
):
    server = start_gunicorn(
        production_env(
            DATABASE_URL=database_url(),
            STATIC_ROOT=collected_static,
            MEDIA_ROOT=tmp_path / "media",
            PRIVATE_MEDIA_ROOT=tmp_path / "prive",
            PAGE_CACHE_SECONDS=600,
            CONN_MAX_AGE=600,  # a persistent connection that the outage breaks
        )
    )
    assert fetch(server.url + "/")[0] == 200
    assert fetch(server.url + "/sante/")[0] == 200

    pg_cluster("stop")
    try:
        status, headers, body = fetch(server.url + "/")
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert "Site momentanément indisponible" in body.decode()
        assert "Content-Security-Policy" in headers
        assert fetch(server.url + "/sante/")[0] == 503
        # Static files need no database.
        assert fetch(server.url + "/static/css/site.css")[0] == 200
    finally:
        pg_cluster("start")
        # The test's own connection died with the server.
        connection.close()

    status, _headers, body = wait_for(server.url + "/", 200)
    assert status == 200
    assert "Ingénierie des Politiques Publiques et Sociales" in body.decode()
    assert fetch(server.url + "/sante/")[0] == 200
