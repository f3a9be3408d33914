"""Statements prepared once per PostgreSQL connection (core/prepared.py)."""

import pytest
from django.db import DataError, connection
from django.test.utils import CaptureQueriesContext

from core.prepared import execute_prepared

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PREPARE est propre à PostgreSQL ; lancer avec DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db(transaction=True),
]

HALF = "SELECT $1::integer / 2, %s::text"


def halve(number):
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        execute_prepared(
            connection,
            cursor,
            "moitie",
            HALF,
            parameter_types=("integer",),
            definition_params=["fixé"],
            arguments=[number],
        )
        row = cursor.fetchone()
    (query,) = queries  # one query for the caller, prepared or not
    return row, query["sql"]


def test_prepared_once_per_connection_and_again_on_a_new_one():
    connection.close()
    row, sql = halve(10)
    assert row == (5, "fixé")
    assert sql.startswith("PREPARE ipps_moitie_") and "EXECUTE ipps_moitie_" in sql
    row, sql = halve(8)
    assert row == (4, "fixé")
    assert sql.startswith("EXECUTE ipps_moitie_")
    connection.close()
    row, sql = halve(6)
    assert row == (3, "fixé") and sql.startswith("PREPARE")


def invert(number):
    with connection.cursor() as cursor:
        execute_prepared(
            connection,
            cursor,
            "inverse",
            "SELECT 1 / $1::integer",
            parameter_types=("integer",),
            arguments=[number],
        )
        return cursor.fetchone()


def test_after_a_failed_run_the_next_one_prepares_it_under_another_name():
    connection.close()
    with pytest.raises(DataError):
        # Prepared, then the run fails (the division by zero is in the statement's run).
        invert(0)
    assert invert(1) == (1,)
