"""Helpers shared by the resident pages."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from commonroom.homes.access import HomeRequest

from ..models import Resident
from ..services.records import save_part


def data(request: HomeRequest) -> QueryDict | None:
    """The submitted fields, or None on GET, so that an empty POST is still a bad POST."""
    return request.POST if request.method == "POST" else None


def files(request: HomeRequest) -> MultiValueDict | None:
    return request.FILES if request.method == "POST" else None


def record_url(request: HomeRequest, resident: Resident, section: str = "") -> str:
    """The record page, at ``section`` so the person lands where they were working."""
    url = reverse("residents:detail", args=[request.home.slug, resident.code])
    return f"{url}#{section}" if section else url


def form_page(
    request: HomeRequest,
    resident: Resident,
    form: forms.BaseForm,
    *,
    title: str,
    section: str,
    name: str | None = None,
    **extra: Any,
) -> HttpResponse:
    """One small form page about one resident; 400 when a submitted form was not valid.
    ``name`` is the person's name as it was before an unsaved change."""
    context = {
        "resident": resident,
        "name": name or resident.display_name,
        "form": form,
        "title": title,
        "back_url": record_url(request, resident, section),
        "multipart": form.is_multipart(),
        **extra,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "residents/form.html", context, status=status)


def save_part_form(
    request: HomeRequest,
    resident: Resident,
    form: forms.ModelForm,
    *,
    title: str,
    section: str,
    saved: str,
    prepare: Callable[[Any], None] | None = None,
    **extra: Any,
) -> HttpResponse:
    """The usual edit page: on a valid POST save the part with its audit entry and go back to
    the record; otherwise show the form (400 with the problems)."""
    name = resident.display_name
    if request.method == "POST" and form.is_valid():
        part = form.save(commit=False)
        if prepare is not None:
            prepare(part)
        save_part(request.home, resident, part, actor=request.user, fields=form.changed_data)
        messages.success(request, saved)
        return redirect(record_url(request, resident, section))
    return form_page(request, resident, form, title=title, section=section, name=name, **extra)
