"""Signing in, two-factor codes, password reset and personal settings."""

import base64
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from commonroom.homes.models import Membership
from commonroom.homes.roles import STAFF_ROLES

from .forms import AccountForm, SignInForm, TwoFactorForm


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


class InvalidFormIs400:
    """For Django's own form views: a refused form answers 400, as every other form here does."""

    def form_invalid(self, form: Form) -> HttpResponse:
        response: HttpResponse = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


class SignInView(InvalidFormIs400, auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        destination = super().get_success_url()
        user = self.request.user
        staff = Membership.objects.active().filter(user=user.pk, role__in=STAFF_ROLES)
        if staff.exists():
            return f"{reverse('accounts:two_factor')}?{urlencode({'next': destination})}"
        return destination


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Ask for a code; the first time, set up the authenticator app with a QR code."""
    destination = _safe_next(request, reverse("homes:choose"))
    if request.user.is_verified():  # type: ignore[union-attr]
        return redirect(destination)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device, _created = TOTPDevice.objects.get_or_create(
            user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
        )
    assert device is not None
    form = TwoFactorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _verify(device, form):
        if setting_up:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            messages.success(request, _("Two-factor sign-in is set up."))
        otp_login(request, device)
        return redirect(destination)
    context: dict[str, Any] = {"form": form, "setting_up": setting_up, "next": destination}
    if setting_up:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
        context["manual_key"] = base64.b32encode(device.bin_key).decode()
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/two_factor.html", context, status=status)


def _verify(device: TOTPDevice, form: TwoFactorForm) -> bool:
    """Check the code, or explain on the form why it was not accepted."""
    # django-otp slows down guessing after each wrong code; say so rather than blame the code.
    allowed, _reason = device.verify_is_allowed()
    if not allowed:
        form.add_error(
            "code", _("Too many wrong codes. Wait a minute or two, then try the newest code.")
        )
        return False
    if device.verify_token(form.cleaned_data["code"]):
        return True
    form.add_error(
        "code",
        _("That code did not work. Check the time on your phone and try the newest code."),
    )
    return False


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return redirect("accounts:account")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/account.html", {"form": form}, status=status)


class _PasswordResetView(InvalidFormIs400, auth_views.PasswordResetView):
    pass


class _PasswordResetConfirmView(InvalidFormIs400, auth_views.PasswordResetConfirmView):
    pass


password_reset = _PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = _PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
