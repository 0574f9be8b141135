"""The API's door to a home: the same membership rule and tenant scope as the pages."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from django_scopes import scope

from commonroom.homes.access import HomeRequest, active_membership

from .models import ApiToken


@contextmanager
def home_scope(request: HttpRequest, slug: str) -> Iterator[HomeRequest]:
    """Resolve the home at ``slug`` for the token's owner and run the block inside its scope.

    A home the person is not an active member of answers 404 whether or not it exists. A staff
    role needs a token made after two-factor sign-in, because the token stands in for it."""
    token = cast(ApiToken, request.auth)  # type: ignore[attr-defined]
    membership = active_membership(token.user, slug)
    if membership is None:
        raise Http404("No such home.")
    if membership.is_staff_role and not token.two_factor_verified:
        raise PermissionDenied(
            gettext(
                "Your role in this home needs two-factor sign-in. Sign in with your "
                "authenticator app, then make a new API token."
            )
        )
    home_request = cast(HomeRequest, request)
    home_request.home = membership.home
    home_request.membership = membership
    home_request.role = membership.role
    with scope(home=membership.home):
        yield home_request
