"""Root pytest configuration: Playwright drives the distribution's Chromium."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still work.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    _restore_migrated_data_after_transactional_tests(items)
    _skip_or_require_browser_tests(items)


def _restore_migrated_data_after_transactional_tests(items):
    """Transactional tests (browser tests with live_server) end with a flush, which also
    wipes what data migrations load (categories, sectors, roles, the content version).
    Serialized rollback puts it back at the start of each transactional test, and they run
    last (as in Django's own runner) so that no other test runs on a flushed database."""
    transactional = []
    for item in items:
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker else {}
        is_transactional = kwargs.get("transaction") or {"live_server", "transactional_db"} & set(
            item.fixturenames
        )
        if is_transactional:
            transactional.append(item)
            if "serialized_rollback" not in kwargs:
                kwargs.update(transaction=True, serialized_rollback=True)
                # Prepended: a marker on the test function itself would otherwise win.
                item.add_marker(pytest.mark.django_db(**kwargs), append=False)
    moved = set(map(id, transactional))
    items[:] = [item for item in items if id(item) not in moved] + transactional


def _skip_or_require_browser_tests(items):
    if os.path.exists(CHROMIUM_PATH):
        return
    browser_items = [item for item in items if "browser" in item.keywords]
    if not browser_items:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(
            f"Chromium introuvable ({CHROMIUM_PATH}) : "
            "les tests navigateur sont obligatoires en CI."
        )
    skip = pytest.mark.skip(
        reason=f"Chromium introuvable ({CHROMIUM_PATH}) : tests navigateur ignorés "
        "(installez le paquet Debian « chromium »)."
    )
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM_PATH, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture(scope="session", autouse=True)
def _end_live_server_sessions(django_db_setup, django_db_blocker):
    """The threaded live server (browser tests) answers each request in its own thread, and
    a page's background requests (the presence notice polls) may still hold a PostgreSQL
    session when the run ends: PostgreSQL then refuses to drop the test database. End them
    first (torn down before `django_db_setup`, which this fixture depends on)."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
