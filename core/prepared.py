"""Statements prepared once per PostgreSQL connection.

Sent as text, a statement is parsed and planned by PostgreSQL at every run; prepared, once
per connection. For the statements run on nearly every request (the content version's
read, the search's first query), that work was a large share of the server's own time,
which under load shares the machine's cores with the workers.

The preparation goes in the same message as the statement's first run: callers, and the
query-count guards, see one query. It is kept per driver connection: a new one (after a
lost or closed connection) prepares again. PREPARE outlives a rolled-back transaction; if a
run fails, whether the statement got prepared is unknown, so the next run prepares it again
under another name. Not for PgBouncer in `transaction` mode (README « Déploiement »).
"""

import functools
import hashlib
import weakref

from django.db import DatabaseError

_prepared = weakref.WeakKeyDictionary()  # driver connection → names of its statements
_generation = [0]


def execute_prepared(
    connection,
    cursor,
    label,
    definition,
    *,
    parameter_types=(),
    arguments=(),
    definition_params=(),
    before="",
):
    """Run `definition` (SQL with $1, $2… for `arguments`, of `parameter_types`) as the
    statement prepared on this connection, preparing it first if needed. `definition_params`
    fill the %s of the definition (values fixed for the statement's life); `before` is SQL
    sent just before the run, in the same message (SET LOCAL lasts for that message)."""
    name = _statement_name(label, definition, tuple(definition_params), _generation[0])
    connection.ensure_connection()
    prepared = _prepared.setdefault(connection.connection, set())
    sql, params = "", []
    if name not in prepared:
        types = f"({', '.join(parameter_types)})" if parameter_types else ""
        sql, params = f"PREPARE {name}{types} AS {definition}; ", list(definition_params)
    placeholders = ", ".join(["%s"] * len(arguments))
    sql += f"{before}EXECUTE {name}" + (f"({placeholders})" if arguments else "")
    params += arguments
    try:
        cursor.execute(sql, params or None)
    except DatabaseError:
        _generation[0] += 1
        raise
    prepared.add(name)


@functools.cache
def _statement_name(label, definition, definition_params, generation):
    # Computed once per statement: the content version's read runs on every request.
    identity = repr((definition, definition_params, generation)).encode()
    return f"ipps_{label}_{hashlib.md5(identity, usedforsecurity=False).hexdigest()[:12]}"
