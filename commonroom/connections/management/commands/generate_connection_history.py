"""Make realistic connection history for benchmarks: N homes x R residents x Y years."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from commonroom.connections.generator import HistoryConfig, generate_history
from commonroom.connections.services.rebuild import run_job
from commonroom.homes.models import Home

from ...models import RebuildJob
from ..progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Generate homes with residents, circles, staff and years of connection history (raw "
        "moments and shares, written in bulk), then rebuild their roll-ups. Deterministic: the "
        "same --seed gives the same history."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--homes", type=int, default=1)
        parser.add_argument("--residents", type=int, default=120, help="Beds per home.")
        parser.add_argument("--years", type=float, default=3.0)
        parser.add_argument(
            "--per-day",
            type=float,
            default=15.0,
            help="Shares per resident per day (a group moment counts once per person in it).",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--prefix", default="history", help="Home web addresses are <prefix>-home-<n>."
        )
        parser.add_argument(
            "--workers", type=int, default=2, help="Processes for the roll-up rebuild."
        )
        parser.add_argument(
            "--no-rollups", action="store_true", help="Write the log only; rebuild later."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        config = HistoryConfig(
            homes=options["homes"],
            residents=options["residents"],
            years=options["years"],
            per_day=options["per_day"],
            seed=options["seed"],
            prefix=options["prefix"],
        )
        if Home.objects.filter(slug__startswith=f"{config.prefix}-home-").exists():
            raise CommandError(
                f"Homes named {config.prefix}-home-… already exist; choose another --prefix."
            )
        started = time.monotonic()
        bar = ProgressBar(self.stdout, config.homes, "homes generated")
        homes = generate_history(
            config,
            progress=lambda done, _total, moments, shares: bar.update(
                done, f"{moments:,} moments, {shares:,} shares"
            ),
        )
        self.stdout.write(
            f"Generated {len(homes)} homes on {connection.vendor} in "
            f"{time.monotonic() - started:.0f} s ({config.start} to {config.end})."
        )
        if not options["no_rollups"]:
            self._rebuild([home.pk for home in homes], options["workers"])

    def _rebuild(self, home_ids: list[int], workers: int) -> None:
        started = time.monotonic()
        job = RebuildJob.objects.create()
        bar = ProgressBar(self.stdout, len(home_ids), "homes rebuilt")
        run_job(job, home_ids, lambda done, _total: bar.update(done), workers=workers)
        self.stdout.write(f"Rebuilt the roll-ups in {time.monotonic() - started:.1f} s.")
