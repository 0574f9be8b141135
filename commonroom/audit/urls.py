from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.home_trail, name="home"),
    path("residents/<uuid:code>/", views.resident_trail, name="resident"),
]
