"""The demo sign-ins: one shared password and a fixed authenticator key per staff account.

These accounts exist only in a database loaded with ``manage.py load_demo``. Their emails end in
``.demo`` (a top-level domain that does not exist), which is how the demo-only commands recognise
them and refuse everyone else.
"""

import base64
import hashlib

DEMO_PASSWORD = "commonroom-demo"
DEMO_EMAIL_SUFFIX = ".demo"
DEMO_URL = "http://127.0.0.1:8000"


def is_demo_email(email: str) -> bool:
    return email.strip().lower().endswith(DEMO_EMAIL_SUFFIX)


def totp_key_hex(email: str) -> str:
    """The fixed two-factor key of a demo account (20 bytes, as django-otp stores it).

    Derived from the email so it is the same on every machine and every reload, which lets
    ``manage.py demo_code`` and the printed sign-ins agree without storing secrets anywhere.
    """
    return hashlib.sha1(f"commonroom-demo:{email.lower()}".encode()).hexdigest()  # noqa: S324


def base32_key(key_hex: str) -> str:
    """The key as an authenticator app expects it to be typed."""
    return base64.b32encode(bytes.fromhex(key_hex)).decode()
