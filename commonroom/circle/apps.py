from django.apps import AppConfig


class CircleConfig(AppConfig):
    name = "commonroom.circle"
    label = "circle"

    def ready(self) -> None:
        from commonroom.homes.signals import invitation_accepted

        from .services.contacts import link_invited_contact

        invitation_accepted.connect(link_invited_contact, dispatch_uid="circle_link_contact")
