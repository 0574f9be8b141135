"""Visiting API: outbreak."""

from ninja import Router

router = Router(tags=["visiting"])
