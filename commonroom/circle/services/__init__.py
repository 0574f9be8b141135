"""The circle's domain services. ``circle_for`` is what the resident record page uses."""

from .errors import CircleError
from .summary import ResidentCircle, circle_for

__all__ = ["CircleError", "ResidentCircle", "circle_for"]
