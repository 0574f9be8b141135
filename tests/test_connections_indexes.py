"""The connection tables carry no index that another already covers: each one is written by
every moment recorded and by every rebuild."""

import pytest
from django.db import connection

from commonroom.connections.models import ConnectionEdge, DailyConnection, Moment, WeeklyConnection

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "column", "covered_by"),
    [
        (DailyConnection, "resident_id", ["resident_id", "day"]),
        (WeeklyConnection, "resident_id", ["resident_id", "week"]),
        (ConnectionEdge, "resident_id", ["resident_id", "party", "domain", "month"]),
        (Moment, "home_id", ["home_id", "day"]),
        (Moment, "recorded_by_id", ["recorded_by_id", "created_at"]),
    ],
)
def test_no_index_that_another_covers(model, column, covered_by) -> None:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    indexed = [c["columns"] for c in constraints.values() if c["index"] or c["unique"]]
    assert [column] not in indexed
    assert covered_by in indexed
