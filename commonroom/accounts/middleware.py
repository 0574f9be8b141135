from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

if TYPE_CHECKING:
    from .models import User


class UserLanguageMiddleware:
    """Each signed-in person reads the site in the language they chose (English or Welsh)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", None) if user and user.is_authenticated else None
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            self._remember_switch(request, response)
            response.headers.setdefault("Content-Language", language)
        return response

    @staticmethod
    def _remember_switch(request: HttpRequest, response: HttpResponse) -> None:
        # The account's language wins over the cookie, so the footer switch must update the
        # account too, or it would do nothing for people who are signed in.
        chosen = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen is None or request.path != reverse("set_language"):
            return
        user = cast("User", request.user)
        if chosen.value != user.language:
            user.language = chosen.value
            user.save(update_fields=["language"])
