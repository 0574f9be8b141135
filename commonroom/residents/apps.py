from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "commonroom.residents"
    label = "residents"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the signal receivers)
