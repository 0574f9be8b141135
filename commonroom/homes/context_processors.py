from typing import Any

from django.http import HttpRequest

from .roles import Perm


def home(request: HttpRequest) -> dict[str, Any]:
    """The current home and a permission lookup for templates: ``{% if can.edit_profile %}``."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    return {
        "home": membership.home,
        "membership": membership,
        "can": {perm.value: membership.can(perm) for perm in Perm},
    }
