"""What the connection roll-ups hold, to compare one way of writing them with another."""

from commonroom.connections.models import (
    ConnectionEdge,
    ConnectionSummary,
    DailyConnection,
    WeeklyConnection,
)


def rollup_snapshot() -> tuple[list, list, list, list]:
    """Every daily, weekly, summary and network-edge row, by key and values, in a fixed order."""
    fields = ["resident_id", *DailyConnection.COUNT_FIELDS]
    return (
        sorted(DailyConnection.objects.values_list("day", *fields)),
        sorted(WeeklyConnection.objects.values_list("week", *fields)),
        sorted(
            ConnectionSummary.objects.values_list("resident_id", *ConnectionSummary.LAST_FIELDS)
        ),
        sorted(
            ConnectionEdge.objects.values_list(
                "resident_id", "party", "domain", "month", "moments", "last_day"
            )
        ),
    )
