from django.apps import AppConfig


class CircleConfig(AppConfig):
    name = "commonroom.circle"
    label = "circle"
