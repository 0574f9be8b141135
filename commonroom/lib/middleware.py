"""Requests refused before any view sees them."""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.translation import gettext as _

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RefuseNulCharactersMiddleware:
    """A NUL character (code 0) in an address, a form or a JSON body gets a plain 400.

    Nobody types one, but a hostile or broken client can send it, and PostgreSQL cannot store or
    even compare text that holds one: every search box and form would otherwise answer with a
    server error on PostgreSQL and quietly store it on SQLite. Refusing it here covers every
    page and the API at once. Pages get the usual "something in the request was not right"
    page; the API gets its usual JSON error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            if request.path.startswith("/api/"):
                message = _("The request holds a NUL character, which cannot be stored.")
                return JsonResponse({"detail": message}, status=400)
            raise BadRequest("NUL character in the request")
        return self.get_response(request)


def _carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or _in_values(request.GET):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    if request.content_type in FORM_TYPES:
        return _in_values(request.POST)
    if request.content_type == "application/json":
        # Raw NUL bytes are not valid JSON anyway; the escape \u0000 decodes to one.
        return b"\\u0000" in request.body or b"\x00" in request.body
    return False


def _in_values(data: QueryDict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values if isinstance(value, str))
        for key, values in data.lists()
    )
