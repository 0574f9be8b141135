"""Resolve the home once, from the URL, for every page under /homes/<home>/."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django_scopes import scope

from .access import active_membership


class HomeMiddleware:
    """Reads the ``home`` URL argument, checks the signed-in person's membership and answers 404
    for a home they cannot see. Runs the view inside a django-scopes scope for that home, so any
    query of tenant-owned data is filtered to it and a query that escapes it raises."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        slug = view_kwargs.pop("home", None)
        if slug is None:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        membership = active_membership(request.user, slug)
        if membership is None:
            raise Http404("No such home.")
        if membership.is_staff_role and not request.user.is_verified():  # type: ignore[attr-defined]
            return redirect_to_login(request.get_full_path(), "accounts:two_factor")
        request.home = membership.home  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        request.role = membership.role  # type: ignore[attr-defined]
        with scope(home=membership.home):
            response = view_func(request, *view_args, **view_kwargs)
            # Lazy responses must render while the scope is still open.
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response = response.render()
        return response
