from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "commonroom.api"
    label = "api"
