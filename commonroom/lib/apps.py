from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "commonroom.lib"
    label = "lib"
