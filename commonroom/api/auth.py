"""Bearer-token authentication: each call acts as the token's owner, with their language."""

from django.http import HttpRequest
from django.utils import translation
from ninja.security import HttpBearer

from .models import ApiToken
from .services.tokens import token_for_secret


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = token_for_secret(token.strip())
        if api_token is None:
            return None
        request.user = api_token.user
        # Error messages the API writes itself follow the person's chosen language.
        translation.activate(api_token.user.language)
        request.LANGUAGE_CODE = api_token.user.language
        return api_token
