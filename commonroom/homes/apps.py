from django.apps import AppConfig


class HomesConfig(AppConfig):
    name = "commonroom.homes"
    label = "homes"
