"""Rebuild the connection roll-ups from the log, for one home or all, with a progress bar."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from commonroom.connections.models import RebuildJob
from commonroom.connections.services.rebuild import run_job
from commonroom.homes.models import Home

from ..progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Replace the daily, weekly, summary and network roll-ups with ones computed afresh from "
        "the connection log. Each home is rebuilt in its own transaction; pages show the old "
        "figures until a home's new ones are complete. Progress is also kept on a RebuildJob, "
        "which the rebuild page shows."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--home", help="The web address name (slug) of one home.")
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="Processes rebuilding homes side by side (PostgreSQL; SQLite always uses 1).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        homes = Home.objects.order_by("pk")
        if options["home"]:
            homes = homes.filter(slug=options["home"])
            if not homes.exists():
                raise CommandError(f"No home with the web address name {options['home']!r}.")
        home_ids = list(homes.values_list("pk", flat=True))
        workers = max(1, options["workers"]) if connection.vendor == "postgresql" else 1
        job = RebuildJob.objects.create(home_id=home_ids[0] if options["home"] else None)
        started = time.monotonic()
        bar = ProgressBar(self.stdout, len(home_ids), "homes")
        self.stdout.write(
            f"Rebuilding the roll-ups of {len(home_ids)} home(s) with {workers} worker(s)."
        )
        run_job(job, home_ids, lambda done, _total: bar.update(done), workers=workers)
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")
