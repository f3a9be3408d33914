"""`.env.example` copied to `.env` is a working, production-safe configuration.

Each test loads the settings in a fresh Python process, with no variable inherited from
the test run (CI sets DATABASE_URL, for one): only what the copied file says counts.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]

# Reads the given .env the way config/settings.py reads the project's own, sets Django up,
# runs the system checks and prints the settings the tests look at as the last line.
LOAD_SETTINGS = """
import json, sys
import environ
# As config/settings.py does: a variable already in the environment wins over the file.
environ.Env.read_env(sys.argv[1], overwrite=False)
import django
from django.conf import settings
from django.core.management import call_command
django.setup()
call_command("check", verbosity=0)
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "DATABASE_ENGINE": settings.DATABASES["default"]["ENGINE"],
    "DATABASE_NAME": str(settings.DATABASES["default"]["NAME"]),
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "SESSION_COOKIE_SECURE": getattr(settings, "SESSION_COOKIE_SECURE", False),
}))
"""


def load_settings(env_file, **variables):
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONDONTWRITEBYTECODE": "1",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-c", LOAD_SETTINGS, str(env_file)],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_example(tmp_path, **values):
    """.env.example copied to tmp_path/.env, with `values` filled into their empty lines."""
    env_file = tmp_path / ".env"
    shutil.copyfile(PROJECT_DIR / ".env.example", env_file)
    lines = env_file.read_text().splitlines()
    for name, value in values.items():
        assert f"{name}=" in lines, f"{name}= is not an empty line of .env.example"
        lines[lines.index(f"{name}=")] = f"{name}={value}"
    env_file.write_text("\n".join(lines) + "\n")
    return env_file


def settings_of(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_env_example_as_copied_refuses_to_start_without_a_secret_key(tmp_path):
    result = load_settings(copy_example(tmp_path))

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_env_example_as_copied_starts_the_local_site_of_make_run(tmp_path):
    """`make run` sets DEBUG=True in the environment, which wins over the copied file."""
    result = load_settings(copy_example(tmp_path), DEBUG="True")

    settings = settings_of(result)
    assert settings["DEBUG"] is True
    assert settings["DATABASE_ENGINE"] == "django.db.backends.sqlite3"


def test_env_example_with_secret_key_and_hosts_starts_in_production_mode(tmp_path):
    env_file = copy_example(tmp_path, SECRET_KEY="k" * 50, ALLOWED_HOSTS="ipps.univ-lorraine.fr")

    settings = settings_of(load_settings(env_file))

    assert settings["DEBUG"] is False
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["ALLOWED_HOSTS"] == ["ipps.univ-lorraine.fr"]
    # Its empty DATABASE_URL=, CACHE_URL= and EMAIL_URL= lines mean the embedded defaults.
    assert settings["DATABASE_ENGINE"] == "django.db.backends.sqlite3"
    assert settings["CACHE_BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_empty_service_urls_fall_back_to_the_embedded_defaults(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=True\nDATABASE_URL=\nCACHE_URL=\nEMAIL_URL=\n")

    settings = settings_of(load_settings(env_file))

    assert settings["DATABASE_ENGINE"] == "django.db.backends.sqlite3"
    assert settings["DATABASE_NAME"] == str(PROJECT_DIR / "db.sqlite3")
    assert settings["CACHE_BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_service_urls_in_the_file_are_used(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "DEBUG=True\n"
        f"DATABASE_URL=sqlite:///{tmp_path / 'other.sqlite3'}\n"
        "CACHE_URL=dummycache://\n"
        "EMAIL_URL=smtp://mail.example.org:25\n"
    )

    settings = settings_of(load_settings(env_file))

    assert settings["DATABASE_NAME"] == str(tmp_path / "other.sqlite3")
    assert settings["CACHE_BACKEND"] == "django.core.cache.backends.dummy.DummyCache"
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
