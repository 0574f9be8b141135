"""The page where a person makes and revokes their own API tokens."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from commonroom.homes.models import Membership
from commonroom.homes.roles import STAFF_ROLES

from .forms import TokenForm
from .models import ApiToken
from .services.tokens import TokenError, issue_token, revoke_token

# The secret travels from the POST to the next page through the session, then is forgotten.
NEW_SECRET_KEY = "api_token_secret"  # noqa: S105 (a session key name)


def _needs_second_factor(request: HttpRequest) -> bool:
    staff = Membership.objects.active().filter(user=request.user.pk, role__in=STAFF_ROLES)
    return staff.exists() and not request.user.is_verified()  # type: ignore[union-attr]


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """List the person's tokens and make a new one. Staff must have passed two-factor sign-in,
    so that a token never gives more than their sign-in does."""
    if _needs_second_factor(request):
        return redirect_to_login(request.get_full_path(), "accounts:two_factor")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = issue_token(
                request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                two_factor_verified=request.user.is_verified(),  # type: ignore[union-attr]
            )
        except TokenError as error:
            form.add_error(None, str(error))
        else:
            request.session[NEW_SECRET_KEY] = secret
            messages.success(request, _("Your new API token is ready. Copy it now."))
            return redirect("accounts:api_tokens:list")
    context: dict[str, Any] = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=request.user.pk),
        "new_secret": request.session.pop(NEW_SECRET_KEY, None),
        "docs_url": reverse("api:openapi-view"),
    }
    status = 400 if form.errors else 200
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_POST
def revoke(request: HttpRequest, code: UUID) -> HttpResponse:
    token = get_object_or_404(ApiToken, user=request.user.pk, code=code)
    revoke_token(token)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:api_tokens:list")
