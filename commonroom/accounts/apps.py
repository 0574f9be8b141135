from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "commonroom.accounts"
    label = "accounts"
