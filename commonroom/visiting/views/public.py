"""The public visitor information page of a home (no personal data)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
