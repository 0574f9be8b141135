"""Contacts in a resident's circle: add, edit, remove; nation rules; substitutes; audit."""

import pytest
from django.test import Client
from django.urls import reverse

from commonroom.audit.models import AuditEntry
from commonroom.circle.models import Contact, SupportRole
from commonroom.homes.models import Home
from commonroom.homes.roles import Role

from .conftest import World
from .factories import client_for, make_contact, make_home, make_member, make_resident

EDITORS = ["manager_a", "senior_carer_a", "care_worker_a", "activity_lead_a"]
REFUSED = [("volunteer_a", 403), ("visitor_a", 403), ("family_a", 403)]
HIDDEN = ["manager_b", "resident_user"]


def add_url(world: World) -> str:
    return reverse("circle:contact_add", args=[world.home_a.slug, world.resident_a.code])


def edit_url(contact: Contact, name: str = "contact_edit") -> str:
    return reverse(f"circle:{name}", args=[contact.home.slug, contact.resident.code, contact.code])


def valid_contact(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Tom Ellis",
        "relationship": "grandchild",
        "relationship_detail": "youngest grandson",
        "phone": "07700 900123",
        "email": "tom@example.org",
        "preferred_method": "video",
        "preferred_frequency": "weekly",
        "support_role": "visitor",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_can_open_the_add_form(world: World, persona: str) -> None:
    response = world.client(persona).get(add_url(world))
    assert response.status_code == 200
    assert "Essential care supporter (Anne&#x27;s Law)" in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_other_roles_are_refused(world: World, persona: str, status: int) -> None:
    client = world.client(persona)
    assert client.get(add_url(world)).status_code == status
    assert client.post(add_url(world), valid_contact()).status_code == status
    assert client.get(edit_url(world.family_contact)).status_code == status
    assert client.post(edit_url(world.family_contact, "contact_remove")).status_code == status
    assert Contact.objects.filter(resident=world.resident_a).count() == 1


@pytest.mark.parametrize("persona", HIDDEN)
def test_people_outside_the_home_or_circle_get_404(world: World, persona: str) -> None:
    client = world.client(persona)
    assert client.get(add_url(world)).status_code == 404
    assert client.post(add_url(world), valid_contact()).status_code == 404
    assert client.get(edit_url(world.family_contact)).status_code == 404
    assert client.post(edit_url(world.family_contact, "contact_remove")).status_code == 404


def test_add_contact_saves_audits_and_returns_to_the_record(world: World) -> None:
    response = world.client("care_worker_a").post(add_url(world), valid_contact())
    assert response.status_code == 302
    assert response.url.startswith(
        reverse("residents:detail", args=[world.home_a.slug, world.resident_a.code])
    )
    contact = Contact.objects.get(name="Tom Ellis")
    assert contact.resident == world.resident_a
    assert contact.home == world.home_a
    entry = AuditEntry.objects.get(object_code=contact.code)
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.resident_code == world.resident_a.code
    assert entry.actor == world.care_worker_a
    assert "phone" in entry.fields and "07700" not in str(entry.fields)


def test_bad_input_is_400_with_a_message(world: World) -> None:
    response = world.client("manager_a").post(add_url(world), valid_contact(name=""))
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not Contact.objects.filter(relationship_detail="youngest grandson").exists()


def test_role_until_before_role_from_is_refused(world: World) -> None:
    data = valid_contact(role_from="2025-05-01", role_until="2025-04-01")
    response = world.client("manager_a").post(add_url(world), data)
    assert response.status_code == 400
    assert "cannot end before it starts" in response.content.decode()


def test_edit_contact_audits_changed_field_names(world: World) -> None:
    contact = world.family_contact
    data = valid_contact(name=contact.name, relationship="child", email=contact.email)
    data["may_receive_updates"] = "on"
    response = world.client("senior_carer_a").post(edit_url(contact), data)
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.preferred_method == "video"
    entry = AuditEntry.objects.get(object_code=contact.code, action=AuditEntry.Action.UPDATE)
    assert "preferred_method" in entry.fields
    assert "name" not in entry.fields
    assert entry.resident_code == world.resident_a.code


def test_remove_contact_deletes_and_audits(world: World) -> None:
    contact = make_contact(world.resident_a, name="Old Neighbour", relationship="neighbour")
    client = world.client("manager_a")
    confirm = client.get(edit_url(contact, "contact_remove"))
    assert confirm.status_code == 200
    assert "Remove Old Neighbour" in confirm.content.decode()
    response = client.post(edit_url(contact, "contact_remove"))
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()
    entry = AuditEntry.objects.get(object_code=contact.code)
    assert entry.action == AuditEntry.Action.DELETE
    assert entry.resident_code == world.resident_a.code


def test_contact_of_another_resident_cannot_be_reached_through_this_one(world: World) -> None:
    contact = make_contact(world.resident_a2)
    url = reverse(
        "circle:contact_edit", args=[world.home_a.slug, world.resident_a.code, contact.code]
    )
    assert world.client("manager_a").get(url).status_code == 404


def test_contact_details_are_not_offered_without_the_permission(world: World) -> None:
    contact = world.family_contact
    lead = world.client("activity_lead_a").get(edit_url(contact)).content.decode()
    assert 'name="email"' not in lead and "susan@example.org" not in lead
    manager = world.client("manager_a").get(edit_url(contact)).content.decode()
    assert 'name="email"' in manager and "susan@example.org" in manager


def test_activity_lead_edit_keeps_contact_details(world: World) -> None:
    contact = world.family_contact
    contact.phone = "0131 496 0000"
    contact.save()
    data = valid_contact(name=contact.name, relationship="child", phone="", email="")
    response = world.client("activity_lead_a").post(edit_url(contact), data)
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.phone == "0131 496 0000"
    assert contact.email == "susan@example.org"


# Nation rules ---------------------------------------------------------------------------------


def test_scottish_home_cannot_record_a_care_partner(world: World) -> None:
    response = world.client("manager_a").post(
        add_url(world), valid_contact(support_role=SupportRole.CARE_PARTNER)
    )
    assert response.status_code == 400
    assert "A home in Scotland cannot record this role" in response.content.decode()
    assert not Contact.objects.filter(name="Tom Ellis").exists()


def test_scottish_home_records_an_essential_care_supporter(world: World) -> None:
    data = valid_contact(support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER)
    assert world.client("manager_a").post(add_url(world), data).status_code == 302
    assert Contact.objects.get(name="Tom Ellis").support_role == "essential_care_supporter"


def english_home_client() -> tuple[Client, str]:
    home = make_home(nation=Home.Nation.ENGLAND)
    resident = make_resident(home)
    url = reverse("circle:contact_add", args=[home.slug, resident.code])
    return client_for(make_member(home, Role.MANAGER).user), url


def test_english_home_offers_care_supporter_and_no_substitutes(db: None) -> None:
    client, url = english_home_client()
    page = client.get(url).content.decode()
    assert 'value="care_supporter"' in page
    assert 'value="essential_care_supporter"' not in page
    assert 'name="substitute_for"' not in page
    assert "Regulation 9A" in page
    response = client.post(url, valid_contact(support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER))
    assert response.status_code == 400
    assert client.post(url, valid_contact(support_role="care_supporter")).status_code == 302


def test_model_rule_applies_outside_forms(world: World) -> None:
    contact = Contact(
        home=world.home_a,
        resident=world.resident_a,
        name="X",
        relationship="friend",
        support_role=SupportRole.DESIGNATED_VISITOR,
    )
    with pytest.raises(Exception, match="cannot record this role"):
        contact.full_clean()


# Substitutes ----------------------------------------------------------------------------------


def supporter(world: World, **overrides: object) -> Contact:
    values: dict[str, object] = {
        "name": "Anne Ellis",
        "support_role": SupportRole.ESSENTIAL_CARE_SUPPORTER,
    }
    values.update(overrides)
    return make_contact(world.resident_a, **values)


def test_substitute_for_an_essential_care_supporter(world: World) -> None:
    named = supporter(world)
    data = valid_contact(substitute_for=str(named.code))
    assert world.client("manager_a").post(add_url(world), data).status_code == 302
    assert Contact.objects.get(name="Tom Ellis").substitute_for == named


def test_substitute_only_for_a_named_supporter(world: World) -> None:
    visitor = make_contact(world.resident_a, name="Plain Visitor")
    data = valid_contact(substitute_for=str(visitor.code))
    response = world.client("manager_a").post(add_url(world), data)
    assert response.status_code == 400
    assert "own named supporters" in response.content.decode()


def test_substitute_not_across_residents(world: World) -> None:
    other = make_contact(world.resident_a2, support_role=SupportRole.ESSENTIAL_CARE_SUPPORTER)
    response = world.client("manager_a").post(
        add_url(world), valid_contact(substitute_for=str(other.code))
    )
    assert response.status_code == 400
    other.full_clean()
    stray = Contact(
        home=world.home_a,
        resident=world.resident_a,
        name="Stray",
        relationship="friend",
        substitute_for=other,
    )
    with pytest.raises(Exception, match="own circle"):
        stray.full_clean()


def test_a_substitute_cannot_be_their_own(world: World) -> None:
    named = supporter(world)
    data = valid_contact(
        name=named.name, support_role="essential_care_supporter", substitute_for=str(named.code)
    )
    response = world.client("manager_a").post(edit_url(named), data)
    assert response.status_code == 400
    named.refresh_from_db()
    assert named.substitute_for is None
    named.substitute_for = named
    with pytest.raises(Exception, match="own substitute"):
        named.full_clean()


def test_supporter_with_substitutes_keeps_their_role(world: World) -> None:
    named = supporter(world)
    make_contact(world.resident_a, name="Sub", substitute_for=named)
    data = valid_contact(name=named.name, support_role="visitor")
    response = world.client("manager_a").post(edit_url(named), data)
    assert response.status_code == 400
    assert "Change them first" in response.content.decode()


def test_removing_a_supporter_releases_and_audits_substitutes(world: World) -> None:
    named = supporter(world)
    substitute = make_contact(world.resident_a, name="Sub", substitute_for=named)
    client = world.client("manager_a")
    assert "Sub" in client.get(edit_url(named, "contact_remove")).content.decode()
    assert client.post(edit_url(named, "contact_remove")).status_code == 302
    substitute.refresh_from_db()
    assert substitute.substitute_for is None
    assert AuditEntry.objects.filter(
        object_code=substitute.code, fields=["substitute_for"]
    ).exists()
