from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "commonroom.transfer"
    label = "transfer"
