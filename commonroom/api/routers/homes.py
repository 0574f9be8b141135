"""The homes the token's owner belongs to, and their role in each."""

from django.http import HttpRequest
from ninja import Router

from commonroom.homes.models import Home, Membership
from commonroom.homes.roles import Role

from ..models import ApiToken
from ..schemas import ERRORS, HomeOut

router = Router(tags=["Homes"])


@router.get("/homes", response={200: list[HomeOut], **ERRORS}, summary="My homes")
def my_homes(request: HttpRequest) -> list[HomeOut]:
    """Every home you are a member of, with your role there. Use a home's ``slug`` in the other
    addresses."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    memberships = (
        Membership.objects.active()
        .filter(user=token.user)
        .select_related("home__organisation")
        .order_by("home__name")
    )
    return [
        HomeOut(
            slug=membership.home.slug,
            name=membership.home.name,
            nation=Home.Nation(membership.home.nation),
            organisation=membership.home.organisation.name,
            role=Role(membership.role),
            role_label=membership.get_role_display(),
        )
        for membership in memberships
    ]
