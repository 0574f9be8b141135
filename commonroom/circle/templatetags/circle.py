from django import template

from commonroom.homes.models import Membership
from commonroom.residents.models import Resident

from ..services import ResidentCircle, circle_for

register = template.Library()


@register.simple_tag(name="circle_for")
def circle_for_tag(resident: Resident, membership: Membership) -> ResidentCircle:
    """``{% circle_for resident membership as circle %}`` for the record page's circle section."""
    return circle_for(resident, membership)
