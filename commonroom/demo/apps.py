from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "commonroom.demo"
    label = "demo"
