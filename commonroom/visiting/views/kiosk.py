"""The door tablet: public pages reached through the tablet's secret address."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
