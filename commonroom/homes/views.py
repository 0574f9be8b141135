"""Choosing a home, the home's front page, members and invitations, home settings."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commonroom.accounts.forms import NewAccountForm
from commonroom.accounts.models import User
from commonroom.audit.services import Action, record

from .access import HomeRequest, require
from .forms import HomeForm, InviteForm, RoleForm
from .models import Invitation, Membership
from .roles import Perm
from .services import members


@login_required
def choose(request: HttpRequest) -> HttpResponse:
    memberships = list(
        Membership.objects.active().filter(user=request.user.pk).select_related("home")
    )
    if len(memberships) == 1:
        return redirect("homes:dashboard", home=memberships[0].home.slug)
    return render(request, "homes/choose.html", {"memberships": memberships})


def dashboard(request: HomeRequest) -> HttpResponse:
    return render(request, "homes/dashboard.html", {})


@require(Perm.MANAGE_MEMBERS)
def member_list(request: HomeRequest) -> HttpResponse:
    return _members_page(request, InviteForm())


def _members_page(request: HomeRequest, form: InviteForm, status: int = 200) -> HttpResponse:
    active = Membership.objects.active().filter(home=request.home).select_related("user")
    invitations = [
        invitation
        for invitation in Invitation.objects.filter(
            home=request.home, accepted_at__isnull=True, withdrawn_at__isnull=True
        )
        if invitation.is_open
    ]
    return render(
        request,
        "homes/members.html",
        {"members": active, "invitations": invitations, "form": form},
        status=status,
    )


@require(Perm.MANAGE_MEMBERS)
@require_POST
def member_invite(request: HomeRequest) -> HttpResponse:
    form = InviteForm(request.POST)
    if form.is_valid() and invite_from_form(request, form, role=form.cleaned_data["role"]):
        return redirect("homes:members", home=request.home.slug)
    return _members_page(request, form, status=400)


def invite_from_form(
    request: HomeRequest, form: Form, *, role: str, links: dict[str, str] | None = None
) -> bool:
    """Send the invitation a valid form (``email``, ``full_name``) asks for and say so; on a
    refusal put the reason on the form's email field. Returns whether it was sent."""
    email = form.cleaned_data["email"]
    try:
        members.invite(
            request.home,
            email=email,
            full_name=form.cleaned_data["full_name"],
            role=role,
            actor=request.user,
            links=links,
            base_url=request.build_absolute_uri("/")[:-1],
        )
    except members.MembershipError as error:
        form.add_error("email", str(error))
        return False
    messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
    return True


@require(Perm.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def member_detail(request: HomeRequest, code: str) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.active().select_related("user"), home=request.home, code=code
    )
    form = RoleForm(
        request.POST if request.method == "POST" else None, initial={"role": membership.role}
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                members.remove(membership, actor=request.user)
                messages.success(request, _("%(name)s was removed.") % {"name": membership.user})
                return redirect("homes:members", home=request.home.slug)
            if form.is_valid():
                members.change_role(membership, form.cleaned_data["role"], actor=request.user)
                messages.success(request, _("Role changed."))
                return redirect("homes:members", home=request.home.slug)
        except members.MembershipError as error:
            messages.error(request, str(error))
            return redirect("homes:member", home=request.home.slug, code=membership.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "homes/member.html", {"member": membership, "form": form}, status=status)


@require(Perm.MANAGE_HOME)
@require_http_methods(["GET", "POST"])
def settings_view(request: HomeRequest) -> HttpResponse:
    form = HomeForm(request.POST if request.method == "POST" else None, instance=request.home)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record(
                request.user,
                Action.UPDATE,
                request.home,
                home=request.home,
                fields=form.changed_data,
            )
        messages.success(request, _("Home details saved."))
        return redirect("homes:settings", home=request.home.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "homes/settings.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: sign in if the account exists, otherwise create it here."""
    invitation = get_object_or_404(Invitation.objects.select_related("home"), token=token)
    if not invitation.is_open:
        return render(
            request, "homes/invitation_closed.html", {"invitation": invitation}, status=410
        )
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:sign_in')}?next={request.path}")
        if request.user.pk != existing.pk:
            context = {"invitation": invitation, "wrong_account": True}
            return render(request, "homes/invitation.html", context, status=403)
        if request.method == "POST":
            return _accept_and_go(request, invitation, request.user)
        return render(request, "homes/invitation.html", {"invitation": invitation})
    form = NewAccountForm(
        request.POST if request.method == "POST" else None,
        email=invitation.email,
        initial={"full_name": invitation.full_name},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = User.objects.create_user(
                invitation.email,
                form.cleaned_data["password"],
                full_name=form.cleaned_data["full_name"],
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return _accept_and_go(request, invitation, user)
    status = 400 if request.method == "POST" else 200
    context = {"invitation": invitation, "form": form}
    return render(request, "homes/invitation.html", context, status=status)


def _accept_and_go(request: HttpRequest, invitation: Invitation, user: User) -> HttpResponse:
    try:
        members.accept(invitation, user)
    except members.MembershipError as error:
        messages.error(request, str(error))
        return redirect("homes:choose")
    messages.success(request, _("Welcome to %(home)s.") % {"home": invitation.home.name})
    return redirect("homes:dashboard", home=invitation.home.slug)
