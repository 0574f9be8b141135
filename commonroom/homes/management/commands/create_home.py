"""Set up an organisation's home and invite its first manager (production set-up)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.text import slugify

from commonroom.homes.models import Home, Organisation
from commonroom.homes.roles import Role
from commonroom.homes.services import members


class Command(BaseCommand):
    help = "Create a home (and its organisation if new) and email an invitation to its manager."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True)
        parser.add_argument(
            "--organisation-kind", choices=Organisation.Kind.values, default="provider"
        )
        parser.add_argument("--home", required=True)
        parser.add_argument(
            "--slug", help="Web address name; made from the home's name if left out."
        )
        parser.add_argument("--nation", required=True, choices=Home.Nation.values)
        parser.add_argument("--manager-email", required=True)
        parser.add_argument("--manager-name", required=True)
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Address used in the invitation link.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["slug"] or slugify(options["home"])[:60]
        if Home.objects.filter(slug=slug).exists():
            raise CommandError(f"A home with the web address name {slug!r} already exists.")
        with transaction.atomic():
            organisation, _ = Organisation.objects.get_or_create(
                name=options["organisation"], defaults={"kind": options["organisation_kind"]}
            )
            home = Home.objects.create(
                organisation=organisation, name=options["home"], slug=slug, nation=options["nation"]
            )
            invitation = members.invite(
                home,
                email=options["manager_email"],
                full_name=options["manager_name"],
                role=Role.MANAGER,
                actor=None,
                base_url=options["base_url"].rstrip("/"),
            )
        self.stdout.write(f"Created {home.name} ({home.get_nation_display()}) at /homes/{slug}/.")
        self.stdout.write(f"Invitation emailed to {invitation.email}.")
