from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "commonroom.residents"
    label = "residents"
