from django.urls import path

from . import views

app_name = "transfer"

urlpatterns = [
    path("", views.index, name="index"),
    path("imports/<uuid:code>/", views.review, name="review"),
    path("imports/<uuid:code>/import/", views.confirm, name="confirm"),
    path("imports/<uuid:code>/discard/", views.discard, name="discard"),
    path("export/<slug:kind>.csv", views.export, name="export"),
    path("connection-log/", views.upload_history, name="upload_history"),
    path("connection-log/export/", views.export_history, name="export_history"),
]
