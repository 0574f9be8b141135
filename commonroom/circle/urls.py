from django.urls import path

from . import views

app_name = "circle"

urlpatterns = [
    path("supporters/", views.supporters, name="supporters"),
    path("residents/<uuid:resident>/contacts/add/", views.contact_add, name="contact_add"),
    path(
        "residents/<uuid:resident>/contacts/<uuid:code>/", views.contact_edit, name="contact_edit"
    ),
    path(
        "residents/<uuid:resident>/contacts/<uuid:code>/remove/",
        views.contact_remove,
        name="contact_remove",
    ),
    path(
        "residents/<uuid:resident>/contacts/<uuid:code>/invite/",
        views.contact_invite,
        name="contact_invite",
    ),
    path("residents/<uuid:resident>/peers/add/", views.peer_add, name="peer_add"),
    path("residents/<uuid:resident>/peers/<uuid:code>/end/", views.peer_end, name="peer_end"),
    path("residents/<uuid:resident>/key-workers/", views.key_workers, name="key_workers"),
    path(
        "residents/<uuid:resident>/key-workers/<uuid:code>/end/",
        views.key_worker_end,
        name="key_worker_end",
    ),
]
