"""Take the test database back to an older schema and up again, for the tests of data
migrations: fill the old tables with the historical models, migrate, look with today's."""

import gc

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def _executor():
    # A new executor each time: the loader reads which migrations are applied when built.
    # Cursors earlier tests left unreachable but not yet finalised keep their SQLite
    # statement open, which locks the schema against the migrations' ALTER TABLE.
    gc.collect()
    return MigrationExecutor(connection)


def migrate_back_to(targets):
    """Migrate back to `targets` ([(app, migration name or None), …]); return the
    historical apps of exactly the migrations still applied (the state `migrate()` returns
    after going back depends on the order of its plan, which later migrations change)."""
    _executor().migrate(targets)
    ContentType.objects.clear_cache()
    loader = _executor().loader
    return loader.project_state(list(loader.applied_migrations), at_end=True).apps


def migrate_to_latest():
    executor = _executor()
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
