"""Builders for the production tests: the production environment, gunicorn servers."""

import io
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parents[2]


def production_env(**overrides):
    """The environment of a production deployment, over plain http on this machine."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_"))
    }
    env.update(
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def manage(*arguments, env, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=check,
    )


def database_url():
    """URL of the test database pytest-django created (PostgreSQL only)."""
    database = settings.DATABASES["default"]
    return (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, *, data=None, headers=None, timeout=10):
    """(status, headers, body) of one request; HTTP errors are answers, not exceptions."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Gunicorn:
    """One app server: gunicorn with the repository's configuration, on a free port."""

    def __init__(self, env, log_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": "1"}
        self.log = open(log_path, "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn s'est arrêté : {Path(log_path).read_text()}")
            try:
                fetch(self.url + "/sante/", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn ne répond pas : {Path(log_path).read_text()}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """Static files collected once (hashed and compressed), as `make serve` does."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    manage("collectstatic", "--noinput", "-v0", env=production_env(STATIC_ROOT=static_root))
    return static_root


@pytest.fixture
def start_gunicorn(tmp_path):
    servers = []

    def start(env, name="gunicorn"):
        server = Gunicorn(env, tmp_path / f"{name}-{len(servers)}.log")
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


requires_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="Il faut PostgreSQL (DATABASE_URL=postgres://…) : un fichier SQLite n'est ni une "
    "base partagée par plusieurs serveurs, ni un serveur que l'on peut arrêter.",
)


def staff_password_hash(password):
    """A hash every production server accepts (the tests' fast hasher is not among them)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    return PBKDF2PasswordHasher().encode(password, "sel-de-test", iterations=1000)


class FormValues(HTMLParser):
    """The values a browser would submit from the page's forms, as they stand (one per name)."""

    def __init__(self):
        super().__init__()
        self.values = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and "__prefix__" not in name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "file", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea = name
            self.values[name] = ""
        elif tag == "select" and name and "__prefix__" not in name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


class AdminBrowser:
    """A staff member using the admin of one server over HTTP, cookies kept by hand
    (the cookies are Secure; the servers here speak plain http)."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = {}

    def request(self, path, data=None, content_type=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        status, response_headers, body = fetch(self.base_url + path, data=data, headers=headers)
        for header in response_headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return status, response_headers, body.decode(errors="replace")

    def csrf_token(self, html):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def login(self, username, password, admin_path="/admin/"):
        _status, _headers, html = self.request(f"{admin_path}login/")
        form = {
            "csrfmiddlewaretoken": self.csrf_token(html),
            "username": username,
            "password": password,
            "next": admin_path,
        }
        status, headers, _ = self.request(
            f"{admin_path}login/?next={admin_path}", urllib.parse.urlencode(form).encode()
        )
        assert status == 302 and "sessionid" in self.cookies, "connexion à l'admin refusée"

    def submit(self, path, fields, files=None):
        """Post the admin form at `path` with `fields` (and `files`: {name: (filename, bytes)})."""
        _status, _headers, html = self.request(path)
        # What the browser would send untouched (inline management forms, other fields),
        # then the fields the test fills in.
        current = FormValues()
        current.feed(html)
        fields = {**current.values, "csrfmiddlewaretoken": self.csrf_token(html), **fields}
        boundary = "----ipps" + secrets.token_hex(8)
        body = io.BytesIO()
        for name, value in fields.items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content) in (files or {}).items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            )
            body.write(content + b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        return self.request(path, body.getvalue(), f"multipart/form-data; boundary={boundary}")
