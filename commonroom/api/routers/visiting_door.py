"""Visiting API: door."""

from ninja import Router

router = Router(tags=["visiting"])
