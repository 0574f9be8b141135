"""Visiting as a right: the door, outbreak restrictions, and places to meet."""

from .door import Admission, Kiosk, Outing, UnwantedVisitor, Visit, VisitingPreferences, Visitor
from .outbreak import (
    NoticeDelivery,
    Restriction,
    RestrictionNotice,
    RestrictionResident,
    RestrictionReview,
    VisitingException,
)
from .spaces import Reservation, Space, VisitorInformation

__all__ = [
    "Admission",
    "Kiosk",
    "NoticeDelivery",
    "Outing",
    "Reservation",
    "Restriction",
    "RestrictionNotice",
    "RestrictionResident",
    "RestrictionReview",
    "Space",
    "UnwantedVisitor",
    "Visit",
    "VisitingException",
    "VisitingPreferences",
    "Visitor",
    "VisitorInformation",
]
