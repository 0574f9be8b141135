"""The one door to a home's pages: typed requests and the role checks every view uses."""

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import Home, Membership
from .roles import Perm

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from commonroom.accounts.models import User


class HomeRequest(HttpRequest):
    """A request under /homes/<home>/, after HomeMiddleware has resolved the tenant."""

    home: Home
    membership: Membership
    role: str
    user: "User"
    htmx: "HtmxDetails"


P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponse)


def require(*perms: Perm) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Refuse (403) a person whose role in this home lacks any of ``perms``."""

    def decorator(view: Callable[..., R]) -> Callable[..., R]:
        @wraps(view)
        def wrapped(request: HomeRequest, *args: Any, **kwargs: Any) -> R:
            check(request, *perms)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def active_membership(user: "User", slug: str) -> Membership | None:
    """The person's current membership of the home at ``slug``, or None when they have none (or
    the home does not exist: callers answer 404 either way, so as not to reveal which)."""
    return (
        Membership.objects.active()
        .select_related("home__organisation", "user")
        .filter(home__slug=slug, user=user)
        .first()
    )


def check(request: HomeRequest, *perms: Perm) -> None:
    for perm in perms:
        if not request.membership.can(perm):
            raise PermissionDenied
