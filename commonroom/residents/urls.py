from django.urls import path

from .views import parts, plan, record

app_name = "residents"

urlpatterns = [
    path("", record.resident_list, name="list"),
    path("add/", record.resident_add, name="add"),
    path("<uuid:code>/", record.resident_detail, name="detail"),
    path("<uuid:code>/photo/", record.photo, name="photo"),
    path("<uuid:code>/invite/", record.invite, name="invite"),
    path("<uuid:code>/change/<slug:part>/", parts.edit, name="edit"),
    path("<uuid:code>/status/", parts.status, name="status"),
    path("<uuid:code>/photo/change/", parts.photo_edit, name="photo_edit"),
    path("<uuid:code>/photo/remove/", parts.photo_remove, name="photo_remove"),
    path("<uuid:code>/about-me/<slug:section>/", parts.about_me_edit, name="about_me_edit"),
    path(
        "<uuid:code>/about-me/<slug:section>/picture/",
        record.about_me_picture,
        name="about_me_picture",
    ),
    path("<uuid:code>/interests/add/", parts.interest_add, name="interest_add"),
    path(
        "<uuid:code>/interests/<uuid:item>/remove/",
        parts.interest_remove,
        name="interest_remove",
    ),
    path("<uuid:code>/assistive-technology/add/", parts.technology_add, name="technology_add"),
    path(
        "<uuid:code>/assistive-technology/<uuid:item>/",
        parts.technology_edit,
        name="technology_edit",
    ),
    path(
        "<uuid:code>/assistive-technology/<uuid:item>/remove/",
        parts.technology_remove,
        name="technology_remove",
    ),
    path("<uuid:code>/consent/add/", parts.consent_add, name="consent_add"),
    path("<uuid:code>/plan/", plan.plan_edit, name="plan_edit"),
    path("<uuid:code>/plan/outcomes/add/", plan.outcome_add, name="outcome_add"),
    path("<uuid:code>/plan/outcomes/<uuid:item>/", plan.outcome_edit, name="outcome_edit"),
    path("<uuid:code>/plan/reviews/add/", plan.review_add, name="review_add"),
    path("<uuid:code>/risks/add/", plan.risk_add, name="risk_add"),
    path("<uuid:code>/risks/<uuid:item>/", plan.risk_edit, name="risk_edit"),
    path("<uuid:code>/risks/<uuid:item>/end/", plan.risk_end, name="risk_end"),
]
