"""manage.py print_demo_signins: how to sign in to the demo, for every role in both homes."""

from typing import Any

from django.core.management.base import BaseCommand
from django_otp.plugins.otp_totp.models import TOTPDevice

from commonroom.accounts.models import User
from commonroom.demo.accounts import DEMO_PASSWORD, DEMO_URL, base32_key
from commonroom.demo.catalogue import HOMES, sign_ins
from commonroom.demo.visiting import demo_kiosk_address
from commonroom.homes.models import Home


class Command(BaseCommand):
    help = "Print the demo address, sign-ins, shared password and how staff get their code."

    def handle(self, *args: Any, **options: Any) -> None:
        accounts = sign_ins()
        present = set(
            User.objects.filter(email__in=[a.email for a in accounts]).values_list(
                "email", flat=True
            )
        )
        if not present:
            self.stdout.write("No demo accounts in this database. Load them: manage.py load_demo")
            return
        keys = {
            device.user.email: base32_key(device.key)
            for device in TOTPDevice.objects.filter(
                user__email__in=present, confirmed=True
            ).select_related("user")
        }
        rule = "=" * 78
        lines = [
            rule,
            f"Common Room demo: {DEMO_URL}",
            "",
            f"Password for every account: {DEMO_PASSWORD}",
        ]
        home = None
        for account in (a for a in accounts if a.email in present):
            if account.home != home:
                home = account.home
                lines += ["", home]
            lines.append(f"  {account.email:<24} {account.role_label}: {account.full_name}")
            if account.is_staff:
                key = keys.get(account.email, "set up at first sign-in")
                lines.append(f"  {'':<24} two-factor key: {key}")
        tablets = [
            f"  {home.name}: {DEMO_URL}{demo_kiosk_address(home)}"
            for home in Home.objects.filter(slug__in=[spec.slug for spec in HOMES]).order_by("name")
        ]
        if tablets:
            lines += ["", "Door tablets (visitors sign themselves in and out here):", *tablets]
        lines += [
            "",
            "Staff (manager, senior carer, care worker, activity lead) also enter a 6-digit code.",
            "Get the current code with:  make code EMAIL=carer@rowan.demo",
            "or add the staff member's two-factor key above to an authenticator app.",
            rule,
        ]
        self.stdout.write("\n".join(lines))
