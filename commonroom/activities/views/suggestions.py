"""Residents' suggestions: put one forward (a resident for themselves, staff for anyone or for
the residents' meeting), answer it, and the public "you said, we did" board without names."""

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from commonroom.homes.access import HomeRequest, require
from commonroom.homes.roles import Perm
from commonroom.residents.access import residents_for
from commonroom.residents.models import Resident

from ..models import Suggestion
from ..services.suggestions import MAX_TEXT, SuggestionError, board, make_suggestion, respond

MEETING = "meeting"
LISTED = 200


class SuggestionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What would you like to do?"),
        help_text=gettext_lazy('For example "I\'d like to go to the cricket".'),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Write the suggestion.")},
    )
    resident = forms.ChoiceField(
        label=gettext_lazy("Whose suggestion is it?"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose whose suggestion it is.")},
    )
    public = forms.BooleanField(
        label=gettext_lazy('Show it on the "you said, we did" board (without a name)'),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, residents: list[Resident], meeting: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.residents = {str(r.code): r for r in residents}
        choices = [(code, r.display_name) for code, r in self.residents.items()]
        if meeting:
            choices.insert(0, (MEETING, _("From the residents' meeting")))
        self.fields["resident"].choices = choices  # type: ignore[attr-defined]
        if len(choices) == 1:
            self.fields["resident"].initial = choices[0][0]

    def chosen(self) -> Resident | None:
        return self.residents.get(self.cleaned_data["resident"])


class ResponseForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Where it stands"),
        choices=Suggestion.Status.choices,
        widget=forms.RadioSelect,
    )
    response = forms.CharField(
        label=gettext_lazy("We did"),
        help_text=gettext_lazy("What was done, or why it is not possible. Shown on the board."),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    public = forms.BooleanField(
        label=gettext_lazy('Show it on the "you said, we did" board (without a name)'),
        required=False,
    )


@require_http_methods(["GET", "POST"])
@require(Perm.MAKE_SUGGESTIONS)
def suggestions(request: HomeRequest) -> HttpResponse:
    speaks_for_all = request.membership.can(Perm.VIEW_ALL_RESIDENTS)
    residents = list(residents_for(request).current())
    form = SuggestionForm(
        request.POST if request.method == "POST" else None,
        residents=residents,
        meeting=speaks_for_all,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                make_suggestion(
                    request.home,
                    form.cleaned_data["text"],
                    resident=form.chosen(),
                    actor=request.user,
                    public=form.cleaned_data["public"],
                )
            except SuggestionError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Thank you: the suggestion was saved."))
                return redirect("activities:suggestions", request.home.slug)
        return _list_page(request, form, speaks_for_all, residents, status=400)
    return _list_page(request, form, speaks_for_all, residents)


def _list_page(
    request: HomeRequest,
    form: SuggestionForm,
    speaks_for_all: bool,
    residents: list[Resident],
    status: int = 200,
) -> HttpResponse:
    listed = Suggestion.objects.filter(home=request.home).select_related("resident")
    if not speaks_for_all:
        listed = listed.filter(resident__in=residents)
    context = {
        "form": form,
        "suggestions": list(listed.order_by("-created_at")[:LISTED]),
        "may_respond": request.membership.can(Perm.PLAN_ACTIVITIES),
    }
    return render(request, "activities/suggestions.html", context, status=status)


@require_http_methods(["GET", "POST"])
@require(Perm.PLAN_ACTIVITIES)
def suggestion_respond(request: HomeRequest, code: UUID) -> HttpResponse:
    suggestion = (
        Suggestion.objects.filter(home=request.home, code=code).select_related("resident").first()
    )
    if suggestion is None:
        raise Http404("No such suggestion.")
    initial = {k: getattr(suggestion, k) for k in ("status", "response", "public")}
    form = ResponseForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                respond(suggestion, actor=request.user, **form.cleaned_data)
            except SuggestionError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The answer was saved."))
                return redirect("activities:suggestions", request.home.slug)
        status = 400
    else:
        status = 200
    context = {"form": form, "suggestion": suggestion}
    return render(request, "activities/suggestion_respond.html", context, status=status)


@require_http_methods(["GET"])
@require(Perm.VIEW_PROGRAMME)
def suggestion_board(request: HomeRequest) -> HttpResponse:
    return render(
        request, "activities/suggestion_board.html", {"board": board(request.home)[:LISTED]}
    )


urlpatterns = [
    path("suggestions/", suggestions, name="suggestions"),
    path("suggestions/board/", suggestion_board, name="suggestion_board"),
    path("suggestions/<uuid:code>/", suggestion_respond, name="suggestion_respond"),
]
