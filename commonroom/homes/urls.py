from django.urls import path

from . import views

app_name = "homes"

urlpatterns = [
    path("", views.choose, name="choose"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("homes/<slug:home>/", views.dashboard, name="dashboard"),
    path("homes/<slug:home>/members/", views.member_list, name="members"),
    path("homes/<slug:home>/members/invite/", views.member_invite, name="invite"),
    path("homes/<slug:home>/members/<uuid:code>/", views.member_detail, name="member"),
    path("homes/<slug:home>/settings/", views.settings_view, name="settings"),
]
