"""Visiting API: spaces."""

from ninja import Router

router = Router(tags=["visiting"])
