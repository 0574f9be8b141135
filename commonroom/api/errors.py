"""Every failure answers JSON with a plain, translated message: never an HTML page, and never a
500 for bad input."""

from typing import Any

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError


def field_error(field: str | None, message: str) -> ValidationError:
    """A 422 about one field of the request body (or the whole body when ``field`` is None), in
    the same shape as the schema's own errors."""
    loc = ["body", "payload"] + ([field] if field else [])
    return ValidationError([{"type": "value_error", "loc": loc, "msg": message}])


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, detail: Any) -> HttpResponse:
        return api.create_response(request, {"detail": detail}, status=status)

    def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        response = respond(
            request,
            401,
            gettext("Send a valid API token in the header: Authorization: Bearer <token>."),
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    def forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
        message = str(exc) or gettext("Your role in this home does not allow that.")
        return respond(request, 403, message)

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, 404, gettext("Not found."))

    def invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        # Drop pydantic's "input" and "ctx": they would echo personal data (or a huge string).
        errors = [
            {"type": error.get("type", "value_error"), "loc": error["loc"], "msg": error["msg"]}
            for error in exc.errors
        ]
        return respond(request, 422, errors)

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        if exc.status_code == 400:
            return respond(request, 400, gettext("The request body is not valid JSON."))
        return respond(request, exc.status_code, str(exc))

    def suspicious(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, 400, gettext("The request could not be read."))

    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(SuspiciousOperation, suspicious)
