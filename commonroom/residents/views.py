"""Pages about residents: the list, each person's record and its parts."""

from django.http import HttpResponse
from django.shortcuts import render

from commonroom.audit.services import Action, record
from commonroom.homes.access import HomeRequest

from .access import get_resident_for_user, residents_for
from .models import Resident


def resident_list(request: HomeRequest) -> HttpResponse:
    residents = residents_for(request).filter(
        status__in=[
            Resident.Status.LIVING_HERE,
            Resident.Status.IN_HOSPITAL,
            Resident.Status.ON_LEAVE,
        ]
    )
    return render(request, "residents/list.html", {"residents": residents})


def resident_detail(request: HomeRequest, code: str) -> HttpResponse:
    resident = get_resident_for_user(request, code)
    record(request.user, Action.VIEW, resident, home=request.home, resident_code=resident.code)
    return render(request, "residents/detail.html", {"resident": resident})
