"""Realistic connection history at any size: for benchmarks, and for the demo.

``generate_history`` makes N homes, each with its beds, residents coming and going over the
years, their circles and the staff, then simulates every day (``simulate``: meals, group
activities of 3 to 12, friends together, one-to-ones, visits and calls each on the visitor's own
rhythm, outings, faith and community events, declines and moods) and stores the moments and
their shares (``writer``). It writes the log only: the caller rebuilds the roll-ups from it with
``services.rebuild`` (the management command does, in parallel).

The same seed gives the same history."""

from collections.abc import Callable

from django.db import transaction
from django_scopes import scopes_disabled

from commonroom.homes.models import Home, Organisation

from .people import HistoryConfig, create_home
from .simulate import (
    BUSY_HOME_SHARES,
    ContactPlan,
    HomePlan,
    MomentRow,
    ResidentPlan,
    StaffPlan,
    simulate,
)
from .writer import bulk_load, write_moments

__all__ = [
    "BUSY_HOME_SHARES",
    "ContactPlan",
    "HistoryConfig",
    "HomePlan",
    "MomentRow",
    "ResidentPlan",
    "StaffPlan",
    "generate_history",
    "simulate",
    "write_moments",
]

Progress = Callable[[int, int, int, int], None]
"""Called after each home with (homes done, homes, moments so far, shares so far)."""


def generate_history(config: HistoryConfig, progress: Progress | None = None) -> list[Home]:
    """Create ``config.homes`` homes with their people and history; returns the homes."""
    expected = round(config.homes * config.residents * config.years * 365 * config.per_day)
    homes: list[Home] = []
    moments = shares = 0
    with scopes_disabled(), bulk_load(expected):
        organisation = Organisation.objects.create(name=f"{config.prefix.title()} Care")
        for number in range(1, config.homes + 1):
            with transaction.atomic():
                home, plan = create_home(organisation, number, config)
                rows = simulate(
                    plan,
                    config.start,
                    config.end,
                    per_day=config.per_day,
                    seed=f"{config.seed}:{config.prefix}:days:{number}",
                )
                written = write_moments(home, rows, seed=f"{config.seed}:{config.prefix}:{number}")
            homes.append(home)
            moments, shares = moments + written[0], shares + written[1]
            if progress:
                progress(number, config.homes, moments, shares)
    return homes
