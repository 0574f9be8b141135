import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from commonroom.homes.models import Home, Invitation


def _create(**overrides: str) -> None:
    options = {
        "organisation": "Heatherfield Care",
        "home": "Rowan House",
        "nation": "scotland",
        "manager_email": "Jo@Example.org",
        "manager_name": "Jo Bloggs",
    }
    options.update(overrides)
    call_command("create_home", **options)


@pytest.mark.django_db
def test_creates_home_and_invites_manager(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        _create()
    home = Home.objects.get(slug="rowan-house")
    assert home.nation == "scotland"
    invitation = Invitation.objects.get(home=home)
    assert (invitation.email, invitation.role) == ("jo@example.org", "manager")
    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body


@pytest.mark.django_db
def test_refuses_a_taken_web_address() -> None:
    _create()
    with pytest.raises(CommandError, match="already exists"):
        _create(organisation="Other")
