"""Visiting pages: hub."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
