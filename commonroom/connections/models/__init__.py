"""The connection log, its roll-ups, the isolation early warning and the loneliness measures."""

from .measures import Instrument, LonelinessMeasure, ScaleBands
from .moments import DOMAIN_FOR_WITH, Domain, Engagement, Kind, Moment, MomentParticipant, WithType
from .rollups import (
    ConnectionEdge,
    ConnectionSummary,
    DailyConnection,
    RebuildJob,
    WeeklyConnection,
)
from .warnings import OnShift, ReasonAcknowledgement, WarningRuleSetting

__all__ = [
    "DOMAIN_FOR_WITH",
    "ConnectionEdge",
    "ConnectionSummary",
    "DailyConnection",
    "Domain",
    "Engagement",
    "Instrument",
    "Kind",
    "LonelinessMeasure",
    "Moment",
    "MomentParticipant",
    "OnShift",
    "ReasonAcknowledgement",
    "RebuildJob",
    "ScaleBands",
    "WarningRuleSetting",
    "WeeklyConnection",
    "WithType",
]
