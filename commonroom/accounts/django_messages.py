"""Password-rule messages that Django shows our users but its own Welsh catalogue lacks.

Declared here only so that `make messages` copies them into our catalogue (locale/cy), which
Django reads before its own. The msgids must stay exactly as Django writes them.
"""

# Django writes a typographic apostrophe in these; the msgids must match it exactly.
# ruff: noqa: RUF001

from django.utils.translation import gettext_noop, ngettext_lazy

PASSWORD_RULES = (
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
)
PASSWORD_LENGTH = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
)
