"""Bringing people in and taking them out: CSV import and export."""

from django.http import HttpResponse
from django.shortcuts import render

from commonroom.homes.access import HomeRequest, require
from commonroom.homes.roles import Perm


@require(Perm.IMPORT_EXPORT)
def index(request: HomeRequest) -> HttpResponse:
    return render(request, "transfer/index.html", {})
