"""The demo homes come with visiting: spaces, visitor information, visitors from the circles,
two weeks of visits with two people in the building now, a few reservations this week, and in
Birch Court a floor restriction whose review is overdue, with an end-of-life exception."""

import io

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from commonroom.homes.models import Home
from commonroom.lib.dates import today
from commonroom.visiting.models import (
    Reservation,
    Restriction,
    RestrictionResident,
    Space,
    Visit,
    VisitingException,
    Visitor,
    VisitorInformation,
)
from commonroom.visiting.services.hub import public_status, staff_summary


def test_the_demo_loads_with_visiting(db: None) -> None:
    call_command("load_demo", "--if-empty", stdout=io.StringIO())
    rowan = Home.objects.get(slug="rowan-house")
    birch = Home.objects.get(slug="birch-court")
    names = set(Space.objects.filter(home=rowan).values_list("name", flat=True))
    assert {"Lounge", "Café", "Garden", "Family room", "Quiet room"} <= names
    for home in (rowan, birch):
        assert VisitorInformation.objects.filter(home=home).exclude(welcome="").exists()
        visitors = Visitor.objects.filter(home=home)
        assert 10 <= visitors.count() <= 20
        assert not visitors.filter(contact__isnull=True).exists()
        assert visitors.filter(usual_residents__isnull=False).exists()
        assert Visit.objects.filter(home=home, signed_out_at__isnull=True).count() == 2
        assert Visit.objects.filter(home=home).count() > 20
        assert Reservation.objects.filter(home=home, starts_at__date__gt=today()).exists()
    assert not Restriction.objects.filter(home=rowan).exists()
    restriction = Restriction.objects.get(home=birch, lifted_at__isnull=True)
    assert restriction.scope == Restriction.Scope.AREA
    assert restriction.level == Restriction.Level.PAUSED
    assert restriction.next_review_on < today()
    assert RestrictionResident.objects.filter(restriction=restriction).count() >= 3
    assert VisitingException.objects.filter(
        home=birch, kind=VisitingException.Kind.END_OF_LIFE
    ).exists()

    summary = staff_summary(birch, with_door_codes=True)
    assert summary.in_building == 2 and summary.overdue_reviews == 1
    status = public_status(birch)
    assert status.restricted and not status.whole_home and status.areas == ["First floor"]

    page = Client().get(reverse("visit:information", args=["birch-court"])).content.decode()
    assert "First floor" in page and "Conservatory" in page
    covered = RestrictionResident.objects.filter(restriction=restriction).select_related("resident")
    for row in covered:
        assert row.resident.full_name not in page
