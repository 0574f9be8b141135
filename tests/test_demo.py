"""The demo organisation: loads cleanly, covers every role in both homes, and stays demo-only."""

import datetime as dt
import io
import re
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_scopes import scope
from pytest_django import DjangoDbBlocker

from commonroom.accounts.models import User
from commonroom.circle.models import (
    Contact,
    KeyWorkerAssignment,
    PeerRelationship,
    support_roles_for,
)
from commonroom.connections.models import (
    ConnectionEdge,
    ConnectionSummary,
    DailyConnection,
    Engagement,
    Moment,
    MomentParticipant,
)
from commonroom.connections.services.today import who_needs_connection
from commonroom.demo.accounts import DEMO_PASSWORD, base32_key, totp_key_hex
from commonroom.demo.catalogue import sign_ins
from commonroom.homes.access import HomeRequest
from commonroom.homes.models import Home, Membership, Organisation
from commonroom.homes.roles import STAFF_ROLES, Role
from commonroom.lib.dates import today
from commonroom.residents.access import get_resident_for_user, residents_for
from commonroom.residents.models import (
    AssistiveTechnology,
    ConsentRecord,
    PersonalPlan,
    Resident,
)

from .factories import make_organisation, make_user


def _load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_loads_on_an_empty_database(db: None) -> None:
    output = _load("--if-empty")

    assert "Heatherfield Care" in output
    organisation = Organisation.objects.get()
    homes = {home.slug: home for home in organisation.homes.all()}
    assert set(homes) == {"rowan-house", "birch-court"}
    assert homes["rowan-house"].nation == Home.Nation.SCOTLAND
    assert homes["birch-court"].nation == Home.Nation.ENGLAND
    assert Resident.objects.filter(home=homes["rowan-house"]).count() == 24
    assert Resident.objects.filter(home=homes["birch-court"]).count() == 12


def test_if_empty_is_idempotent(db: None) -> None:
    _load("--if-empty")
    counts = (Resident.objects.count(), Contact.objects.count(), User.objects.count())

    output = _load("--if-empty")

    assert "not loaded" in output
    assert (Resident.objects.count(), Contact.objects.count(), User.objects.count()) == counts


def test_if_empty_leaves_a_database_with_any_organisation_alone(db: None) -> None:
    make_organisation(name="A real provider")

    _load("--if-empty")

    assert not Home.objects.exists()


def test_loading_twice_without_if_empty_is_refused(db: None) -> None:
    _load()
    with pytest.raises(CommandError, match="already loaded"):
        _load()


def test_demo_code_refuses_an_account_that_is_not_a_demo(db: None) -> None:
    make_user(email="real.person@example.org")
    with pytest.raises(CommandError, match=r"\.demo"):
        call_command("demo_code", "real.person@example.org", stdout=io.StringIO())


def test_print_demo_signins_without_a_demo_says_how_to_load_it(db: None) -> None:
    out = io.StringIO()
    call_command("print_demo_signins", stdout=out)
    assert "load_demo" in out.getvalue()


@pytest.fixture(scope="class")
def loaded_demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """One load for a whole class, inside a transaction rolled back at the end so no other test
    sees the demo; each test still runs in its own savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        _load()
        yield
        transaction.set_rollback(True)


@pytest.mark.usefixtures("loaded_demo")
class TestTheLoadedDemo:
    """Read-only checks over one load, shared by the class so the suite stays quick."""

    @pytest.mark.parametrize("slug", ["rowan-house", "birch-court"])
    def test_every_role_has_a_member_in_both_homes(self, db: None, slug: str) -> None:
        roles = set(
            Membership.objects.active().filter(home__slug=slug).values_list("role", flat=True)
        )
        assert roles == set(Role.values)

    def test_every_printed_sign_in_works_with_the_shared_password(self, db: None) -> None:
        for account in sign_ins():
            user = User.objects.get(email=account.email)
            assert user.check_password(DEMO_PASSWORD), account.email
            assert Membership.objects.active().filter(user=user, role=account.role).exists()
        assert len(sign_ins()) == 2 * len(Role.values)

    def test_staff_have_a_confirmed_device_with_the_fixed_key(self, db: None) -> None:
        for account in (a for a in sign_ins() if a.role in STAFF_ROLES):
            device = User.objects.get(email=account.email).totpdevice_set.get(confirmed=True)
            assert device.key == totp_key_hex(account.email)

    def test_the_family_member_opens_their_person_through_the_door(self, db: None) -> None:
        for email in ("family@rowan.demo", "family@birch.demo"):
            request = _home_request(email)
            person = Contact.objects.get(user=request.user).resident

            assert list(residents_for(request)) == [person]
            assert person.has_consent(ConsentRecord.Purpose.UPDATES)
            assert get_resident_for_user(request, person.code) == person
            neighbour = Resident.objects.filter(home=request.home).exclude(pk=person.pk).first()
            assert neighbour is not None
            with pytest.raises(Http404):
                get_resident_for_user(request, neighbour.code)

    def test_the_resident_opens_only_their_own_record(self, db: None) -> None:
        request = _home_request("resident@rowan.demo")
        assert [r.user for r in residents_for(request)] == [request.user]

    def test_no_support_role_is_invalid_for_the_home_nation(self, db: None) -> None:
        for contact in Contact.objects.select_related("home"):
            allowed = {value for value, _label in support_roles_for(contact.home.nation)}
            assert contact.support_role in allowed, contact
        scotland = Contact.objects.filter(home__slug="rowan-house")
        assert scotland.filter(support_role="essential_care_supporter").exists()
        assert scotland.filter(substitute_for__isnull=False).exists()
        england = Contact.objects.filter(home__slug="birch-court")
        assert england.filter(support_role="care_supporter").exists()

    def test_the_people_are_varied(self, db: None) -> None:
        residents = Resident.objects.all()
        assert set(Resident.Status.values) <= set(residents.values_list("status", flat=True))
        languages = set(residents.values_list("first_language", flat=True))
        assert {"Scottish Gaelic", "Welsh", "Punjabi", "Polish", "Urdu", "Cantonese"} <= languages
        assert residents.filter(has_dementia=True).count() >= 4
        family_sizes = [r.contacts.count() for r in residents]
        assert max(family_sizes) >= 6
        assert 0 in family_sizes
        assert Contact.objects.filter(relationship=Contact.Relationship.ADVOCATE).exists()
        assert residents.filter(admission_date__gte=_days_ago(30)).count() >= 2

    def test_records_show_what_needs_attention(self, db: None) -> None:
        assert any(t.check_overdue for t in AssistiveTechnology.objects.all())
        assert any(p.review_overdue for p in PersonalPlan.objects.all())
        consents = ConsentRecord.objects.all()
        assert consents.filter(decision=ConsentRecord.Decision.REFUSED).exists()
        assert consents.filter(given_by=ConsentRecord.GivenBy.REPRESENTATIVE).exists()
        assert consents.filter(given_by=ConsentRecord.GivenBy.PERSON).exists()
        kinds = set(PeerRelationship.objects.values_list("kind", flat=True))
        assert kinds == {"friend", "buddy", "tension"}
        assert KeyWorkerAssignment.objects.filter(ended_on__isnull=False).exists()

    def test_a_demo_manager_signs_in_with_the_password_and_the_demo_code(
        self, db: None, client: Client
    ) -> None:
        response = client.post(
            reverse("accounts:sign_in"),
            {"username": "manager@birch.demo", "password": DEMO_PASSWORD},
        )
        assert response.status_code == 302
        assert reverse("accounts:two_factor") in response["Location"]
        out = io.StringIO()
        call_command("demo_code", "manager@birch.demo", stdout=out)

        response = client.post(response["Location"], {"code": out.getvalue().strip()}, follow=True)

        assert response.redirect_chain[-1][0] == reverse("homes:dashboard", args=["birch-court"])
        assert response.status_code == 200

    def test_demo_code_prints_the_current_six_digit_code(self, db: None) -> None:
        out = io.StringIO()
        call_command("demo_code", "carer@rowan.demo", stdout=out)

        code = out.getvalue().strip()
        assert re.fullmatch(r"\d{6}", code)
        expected = totp(bytes.fromhex(totp_key_hex("carer@rowan.demo")))
        assert int(code) == expected

    def test_demo_code_refuses_a_non_demo_email(self, db: None) -> None:
        with pytest.raises(CommandError, match=r"\.demo"):
            call_command("demo_code", "manager@example.org", stdout=io.StringIO())

    def test_print_demo_signins_shows_everything_needed(self, db: None) -> None:
        out = io.StringIO()
        call_command("print_demo_signins", stdout=out)
        text = out.getvalue()

        assert "http://127.0.0.1:8000" in text
        assert DEMO_PASSWORD in text
        assert "make code EMAIL=carer@rowan.demo" in text
        for account in sign_ins():
            assert account.email in text
        assert base32_key(totp_key_hex("manager@birch.demo")) in text

    def test_printed_door_tablet_addresses_open_and_stay_the_same(self, db: None) -> None:
        first, second = io.StringIO(), io.StringIO()
        # As `make run` calls it: with the tenant scopes on, as outside the tests.
        with scope():
            call_command("print_demo_signins", stdout=first)
            call_command("print_demo_signins", stdout=second)
        assert first.getvalue() == second.getvalue()
        addresses = re.findall(r"http://127\.0\.0\.1:8000(/kiosk/[^/\s]+/)", first.getvalue())
        assert len(addresses) == 2
        for address in addresses:
            response = Client().get(address)
            assert response.status_code == 200
            assert "<title>Welcome" in response.content.decode()

    @pytest.mark.parametrize("slug", ["rowan-house", "birch-court"])
    def test_each_home_has_three_months_of_connection_history(self, db: None, slug: str) -> None:
        moments = Moment.objects.filter(home__slug=slug)
        first = moments.order_by("day").values_list("day", flat=True).first()
        assert first is not None and (today() - first).days >= 85
        assert moments.filter(day__gte=_days_ago(7)).count() > 100
        kinds = set(moments.values_list("kind", flat=True))
        assert {"meal", "activity", "one_to_one", "visit", "phone", "outing", "faith"} <= kinds
        assert moments.filter(participant_count__gte=3).exists()
        shares = MomentParticipant.objects.filter(home__slug=slug)
        assert shares.filter(engagement=Engagement.DECLINED).exists()
        # The roll-ups the pages read are built, not left for a first rebuild.
        assert DailyConnection.objects.filter(home__slug=slug).count() > 800
        assert ConnectionEdge.objects.filter(home__slug=slug).exists()
        assert ConnectionSummary.objects.filter(home__slug=slug).count() >= 10

    def test_nobody_has_moments_while_away_or_after_leaving(self, db: None) -> None:
        for name, days in (("Isobel Grant", 12), ("Ian Mackay", 23), ("Nasreen Akhtar", 4)):
            resident = Resident.objects.get(full_name=name)
            assert not MomentParticipant.objects.filter(
                resident=resident, day__gte=_days_ago(days)
            ).exists()
            assert MomentParticipant.objects.filter(resident=resident).exists()

    def test_the_daily_list_tells_each_story(self, db: None) -> None:
        reasons = _reasons("rowan-house")
        assert "2 a week" in reasons["Helen Stewart"]["no_visitor"]
        assert "declined_groups" in reasons["Ruth Abernethy"]
        assert reasons["Archibald Robertson"]["back_from_hospital"] == (
            "Back from hospital 2 days ago"
        )
        assert "Isobel" in reasons["Elspeth Gray"]["friend_died"]
        assert "new_here" in reasons["William Henderson"]
        assert "new_here" in reasons["Harjit Kaur Sandhu"]
        # A private man, rarely visited and content with it, is left in peace.
        assert "James Forbes" not in reasons
        birch = _reasons("birch-court")
        assert "2 a week" in birch["Hazel Morgan"]["no_visitor"]
        assert "declined_groups" in birch["Francis Holmes"]
        assert "back_from_hospital" in birch["Kathleen O'Brien"]


def _reasons(slug: str) -> dict[str, dict[str, str]]:
    listed = who_needs_connection(Home.objects.get(slug=slug)).needing
    return {
        entry.resident.full_name: {shown.reason.code: shown.reason.text for shown in entry.reasons}
        for entry in listed
    }


def _home_request(email: str) -> HomeRequest:
    """A request as HomeMiddleware leaves it, for calling the access door directly."""
    membership = Membership.objects.select_related("home", "user").get(user__email=email)
    request: HomeRequest = RequestFactory().get("/")  # type: ignore[assignment]
    request.user = membership.user
    request.home = membership.home
    request.membership = membership
    request.role = membership.role
    return request


def _days_ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)
