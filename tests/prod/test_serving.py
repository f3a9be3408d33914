"""The production configuration as `make serve` runs it: gunicorn, DEBUG off, whitenoise."""

import gzip
import json
import re
import time

import pytest

from tests.prod.conftest import Gunicorn, fetch, manage, production_env


@pytest.fixture(scope="module")
def production_server(tmp_path_factory, collected_static):
    folder = tmp_path_factory.mktemp("serve")
    env = production_env(
        DATABASE_URL=f"sqlite:///{folder}/site.sqlite3",
        STATIC_ROOT=collected_static,
        MEDIA_ROOT=folder / "media",
        PRIVATE_MEDIA_ROOT=folder / "prive",
    )
    manage("migrate", "--noinput", "-v0", env=env)
    server = Gunicorn(env, folder / "gunicorn.log")
    yield server
    server.stop()


def test_static_files_are_hashed_compressed_and_cached_for_a_year(production_server):
    status, _headers, body = fetch(production_server.url + "/")
    assert status == 200
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body.decode()).group(1)
    status, headers, compressed = fetch(
        production_server.url + stylesheet, headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
    assert b"--" in gzip.decompress(compressed)  # the stylesheet's custom properties


def test_every_page_links_a_favicon_that_is_served(production_server):
    for path in ("/", "/page-inconnue/"):
        _status, _headers, body = fetch(production_server.url + path)
        icon = re.search(
            r'<link rel="icon" href="(/static/img/favicon\.[0-9a-f]{12}\.svg)"', body.decode()
        )
        assert icon, path
    status, headers, svg = fetch(production_server.url + icon.group(1))
    assert status == 200 and headers["Content-Type"].startswith("image/svg+xml")
    assert b"#183a6b" in svg and len(svg) < 1024  # the site's blue, tiny


def test_pages_are_cached_and_revalidated_with_their_etag(production_server):
    _status, first_headers, _body = fetch(production_server.url + "/")
    status, headers, _body = fetch(production_server.url + "/")
    assert status == 200 and headers["X-Page-Cache"] == "hit"
    status, _headers, body = fetch(
        production_server.url + "/", headers={"If-None-Match": headers["ETag"]}
    )
    assert status == 304 and body == b""
    assert first_headers["ETag"] == headers["ETag"]


def test_pages_are_gzipped_for_browsers_that_accept_it(production_server):
    _status, _headers, plain = fetch(production_server.url + "/")
    status, headers, compressed = fetch(
        production_server.url + "/", headers={"Accept-Encoding": "gzip, deflate, br"}
    )
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    html = gzip.decompress(compressed)
    assert html.startswith(b"<!DOCTYPE html>") and len(compressed) < len(html) / 2
    assert html == plain
    status, _headers, body = fetch(
        production_server.url + "/",
        headers={"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]},
    )
    assert status == 304 and body == b""


def test_access_log_lines_are_json_with_path_and_status(production_server):
    fetch(production_server.url + "/page-inconnue/")
    time.sleep(0.2)  # the worker writes its access line after answering
    events = [json.loads(line) for line in production_server.log_path.read_text().splitlines()]
    access = [event for event in events if event["logger"] == "gunicorn.access"]
    assert {"path": "/page-inconnue/", "status": 404}.items() <= access[-1].items()
    # One line per missing address: Django's « Not Found » would repeat it.
    assert not [
        event
        for event in events
        if event.get("path") == "/page-inconnue/" and event["logger"] != "gunicorn.access"
    ]
