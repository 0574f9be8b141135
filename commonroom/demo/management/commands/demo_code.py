"""manage.py demo_code <email>: the current two-factor code of a demo staff account."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from commonroom.demo.accounts import DEMO_EMAIL_SUFFIX, is_demo_email


class Command(BaseCommand):
    help = "Print the current 6-digit two-factor code of a demo account (emails ending in .demo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="For example carer@rowan.demo")

    def handle(self, *args: Any, **options: Any) -> None:
        email = str(options["email"]).strip().lower()
        # Printing codes would defeat two-factor sign-in for a real account: demo accounts only.
        if not is_demo_email(email):
            raise CommandError(
                f"Codes are only shown for demo accounts (emails ending in {DEMO_EMAIL_SUFFIX})."
            )
        device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
        if device is None:
            raise CommandError(f"{email} has no two-factor sign-in set up in this database.")
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
