"""Requests refused before any view sees them."""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.translation import gettext as _


class RefuseNulCharactersMiddleware:
    """A NUL character (code 0) in an address or its query string gets a plain 400.

    Nobody types one, but a hostile or broken client can send it, and PostgreSQL cannot store or
    even compare text that holds one: a search box would otherwise answer with a server error on
    PostgreSQL. Forms and API bodies need nothing here: Django's form fields and the API's
    schemas already refuse NUL characters with an error on the field itself, which is kinder.
    Pages get the usual "something in the request was not right" page; the API gets its usual
    JSON error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _in_values(request.GET):
            if request.path.startswith("/api/"):
                message = _("The request holds a NUL character, which cannot be stored.")
                return JsonResponse({"detail": message}, status=400)
            raise BadRequest("NUL character in the query string")
        return self.get_response(request)


def _in_values(data: QueryDict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
    )
