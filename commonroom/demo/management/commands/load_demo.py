"""manage.py load_demo [--if-empty]: the demo organisation with two homes and every role."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scopes_disabled

from commonroom.demo.loader import DemoAlreadyLoaded, load_demo
from commonroom.homes.models import Organisation
from commonroom.residents.models import Resident


class Command(BaseCommand):
    help = "Load the demo organisation Heatherfield Care, its two homes, people and sign-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has any organisation (used by make run).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Organisation.objects.exists():
            self.stdout.write("The database already has data: the demo was not loaded.")
            return
        try:
            organisation = load_demo()
        except DemoAlreadyLoaded as error:
            raise CommandError("The demo is already loaded in this database.") from error
        with scopes_disabled():
            for home in organisation.homes.all():
                count = Resident.objects.filter(home=home).count()
                self.stdout.write(f"  {home.name}: {count} residents")
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo organisation {organisation.name}."))
