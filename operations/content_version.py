"""The content version: moves on after every committed change to public content.

Handlers on `post_save`, `post_delete` and `m2m_changed` of every content model (as the
apps declare them in the registry; logins, sessions, history and visitors' messages are
not content) bump it once per transaction, after commit, so a page
cached under the old number is never served again, by any worker on any server.
`bulk_create()` and `QuerySet.update()` send no signals: code using them on content must
call `bump()` itself (the demo generators run before any page is cached).

The time noted for the next scheduled change also covers the registered due work (changes
approved for a later date, `core.registry.DueWork`): the first request after it runs that
work, then bumps. Writing a model of due work only notes the time again.
"""

import logging
from datetime import UTC

from django.apps import apps
from django.db import (
    DEFAULT_DB_ALIAS,
    InterfaceError,
    OperationalError,
    connections,
    transaction,
)
from django.db.models import F, Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.prepared import execute_prepared
from core.registry import derived_cache_keys, due_work, is_content_model

logger = logging.getLogger(__name__)

_last_seen = {"number": None}
_select_sql = {}  # by database vendor: the same text on every request


def forget_stale_derived_objects(number, cache):
    """Drop this process's derived objects when the version has moved since it last looked.

    Derived objects (registered cache keys) may sit in a local-memory cache: another
    process's deletion after a save reaches only its own memory."""
    if _last_seen["number"] != number:
        if _last_seen["number"] is not None:
            cache.delete_many(list(derived_cache_keys()))
        _last_seen["number"] = number


def current():
    """The current version number (one query), moved on first if a scheduled item is due."""
    row = _read()
    if row is None or (row[1] is not None and row[1] <= timezone.now()):
        run_due_work()
        bump()
        row = _read()
    return row[0]


def _read():
    """(number, next_publication_at) or None: read on every public request, so in plain
    SQL (building the ORM query cost more than running it).

    Usually the request's first query, so it also stands for the health check of a
    persistent connection (CONN_HEALTH_CHECKS), which would otherwise cost a round trip of
    its own (`SELECT 1`) before it on PostgreSQL: a connection that died since the last
    request (the server restarted) fails here, and is replaced once."""
    connection = connections[DEFAULT_DB_ALIAS]
    checking_health = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if not checking_health:
        return _select(connection)
    connection.health_check_done = True
    try:
        return _select(connection)
    except (InterfaceError, OperationalError):
        logger.info("connexion à la base de données perdue : reprise", exc_info=True)
        connection.close()
        return _select(connection)


def _select(connection):
    sql = _select_sql.get(connection.vendor)
    if sql is None:
        from operations.models import ContentVersion

        meta = ContentVersion._meta
        quote = connection.ops.quote_name
        number, at, pk = (
            quote(meta.get_field(name).column) for name in ("number", "next_publication_at", "id")
        )
        sql = f"SELECT {number}, {at} FROM {quote(meta.db_table)} WHERE {pk} = 1"
        _select_sql[connection.vendor] = sql
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Run on every request: parsed and planned once per connection, the server's
            # share of a page served from the cache is smaller (8 % more pages a second).
            execute_prepared(connection, cursor, "content_version", sql)
        else:
            cursor.execute(sql)
        row = cursor.fetchone()
    if row is None:
        return None
    number, at = row
    if isinstance(at, str):
        # SQLite returns text: UTC, as Django stores it with USE_TZ.
        at = parse_datetime(at)
    if at is not None and timezone.is_naive(at):
        at = timezone.make_aware(at, UTC)
    return number, at


def bump():
    """Move the version on now, and note when the next scheduled item appears."""
    from operations.models import ContentVersion

    next_publication_at = next_scheduled_publication()
    updated = ContentVersion.objects.filter(pk=1).update(
        number=F("number") + 1, next_publication_at=next_publication_at
    )
    if not updated:
        ContentVersion.objects.get_or_create(
            pk=1, defaults={"next_publication_at": next_publication_at}
        )


def run_due_work():
    """Write what registered due work has to write by now."""
    for work in due_work():
        try:
            work.run()
        except Exception:
            # Public pages are served whatever happens here; the work stays listed.
            logger.exception("Travail programmé « %s » non exécuté", work.key)


def reschedule():
    """Note the time of the next scheduled change again, the version number unchanged."""
    from operations.models import ContentVersion

    updated = ContentVersion.objects.filter(pk=1).update(
        next_publication_at=next_scheduled_publication()
    )
    if not updated:
        bump()


def next_scheduled_publication():
    """Earliest future `published_at` over every publishable model (one query per model),
    or earlier time of registered due work (one query each)."""
    from core.publication import Publishable, PublishableQuerySet

    earliest = None
    for model in apps.get_models():
        if not issubclass(model, Publishable):
            continue
        # Called unbound: an app's own default manager need not keep the shared queryset.
        scheduled = PublishableQuerySet.scheduled(model._default_manager.all())
        found = scheduled.aggregate(at=Min("published_at"))["at"]
        if found is not None and (earliest is None or found < earliest):
            earliest = found
    for work in due_work():
        found = work.next_at()
        if found is not None and (earliest is None or found < earliest):
            earliest = found
    return earliest


def bump_after_commit(using=DEFAULT_DB_ALIAS):
    """Bump once when the current transaction commits (at once outside a transaction)."""
    connection = connections[using]
    # One bump per transaction: skip when one is already queued at this same savepoint
    # level (a bump queued in an outer block could be dropped with the outer rollback's
    # inner savepoint, so only an exact match counts).
    if connection.in_atomic_block and any(
        func is bump and savepoints == set(connection.savepoint_ids)
        for savepoints, func, _robust in connection.run_on_commit
    ):
        return
    # robust: the change is committed whatever happens here; a failure is logged.
    transaction.on_commit(bump, using=using, robust=True)


def _content_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    # Data migrations save historical models, from their own registry, before this
    # app's table may exist: only the running site's models count.
    if sender._meta.apps is not apps or not is_content_model(sender):
        return
    bump_after_commit(using)


def _schedule_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if sender._meta.apps is not apps:
        return
    if not any(sender._meta.label_lower in work.models for work in due_work()):
        return
    connection = connections[using]
    if connection.in_atomic_block and any(
        func is reschedule and savepoints == set(connection.savepoint_ids)
        for savepoints, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(reschedule, using=using, robust=True)


def _relation_changed(sender, instance, action, using=DEFAULT_DB_ALIAS, **kwargs):
    if action.startswith("post_"):
        _content_changed(type(instance), using=using)


def connect_signals():
    post_save.connect(_content_changed, dispatch_uid="operations.content_saved")
    post_delete.connect(_content_changed, dispatch_uid="operations.content_deleted")
    m2m_changed.connect(_relation_changed, dispatch_uid="operations.relation_changed")
    post_save.connect(_schedule_changed, dispatch_uid="operations.schedule_changed")
    post_delete.connect(_schedule_changed, dispatch_uid="operations.schedule_deleted")
