"""Every page under /homes/<home>/ belongs to one home: others get 404, strangers sign in, and a
query of tenant-owned data outside a home scope fails loudly."""

import uuid
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_scopes import ScopeError, scope

from commonroom.audit.models import AuditEntry
from commonroom.homes.models import Membership, TenantModel
from commonroom.residents.models import Resident

from .conftest import World

PLACEHOLDERS = {"uuid": uuid.UUID(int=1), "int": 1, "slug": "x", "str": "x", "path": "x"}


def _home_routes(
    patterns: list[URLPattern | URLResolver] | None = None,
    prefix: str = "",
    namespace: str = "",
    converters: dict[str, str] | None = None,
) -> Iterator[tuple[str, str, dict[str, str]]]:
    """Every named route in the URLconf, as (route, name, {argument: converter type})."""
    resolver = get_resolver()
    for entry in patterns if patterns is not None else resolver.url_patterns:
        route = prefix + str(entry.pattern)
        found = {**(converters or {}), **_converters(entry)}
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _home_routes(entry.url_patterns, route, inner, found)
        elif entry.name:
            yield route, namespace + entry.name, found


def _converters(entry: URLPattern | URLResolver) -> dict[str, str]:
    return {
        name: type(converter).__name__.removesuffix("Converter").lower()
        for name, converter in getattr(entry.pattern, "converters", {}).items()
    }


HOME_ROUTES = sorted(
    (route, name, found)
    for route, name, found in _home_routes()
    if route.startswith("homes/<slug:home>/")
)


def _url(world: World, route: str, name: str, converters: dict[str, str], slug: str) -> str:
    kwargs = {arg: _value(world, route, arg, kind) for arg, kind in converters.items()}
    return reverse(name, kwargs={**kwargs, "home": slug})


def _value(world: World, route: str, arg: str, kind: str) -> object:
    """A real code of home A where the route says what it is, so that only the tenant check
    can answer 404; a placeholder where it does not (the tenant check runs first either way)."""
    if kind != "uuid":
        return PLACEHOLDERS[kind]
    if arg == "resident" or f"/residents/<uuid:{arg}>/" in route:
        return world.resident_a.code
    if f"/contacts/<uuid:{arg}>/" in route:
        return world.family_contact.code
    if f"/members/<uuid:{arg}>/" in route:
        return Membership.objects.get(user=world.care_worker_a).code
    return PLACEHOLDERS[kind]


def test_the_walk_finds_the_home_pages() -> None:
    names = {name for _route, name, _found in HOME_ROUTES}
    assert {
        "homes:dashboard",
        "homes:members",
        "homes:settings",
        "residents:list",
        "audit:home",
    } <= names
    assert "homes:choose" not in names
    assert all(found.get("home") == "slug" for _r, _n, found in HOME_ROUTES)


@pytest.mark.parametrize(
    ("route", "name", "converters"), HOME_ROUTES, ids=[r[1] for r in HOME_ROUTES]
)
def test_another_homes_manager_gets_404(
    world: World, route: str, name: str, converters: dict[str, str]
) -> None:
    client = world.client("manager_b")
    url = _url(world, route, name, converters, world.home_a.slug)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("route", "name", "converters"), HOME_ROUTES, ids=[r[1] for r in HOME_ROUTES]
)
def test_anonymous_is_sent_to_sign_in(
    world: World, route: str, name: str, converters: dict[str, str]
) -> None:
    url = _url(world, route, name, converters, world.home_a.slug)
    for response in [Client().get(url), Client().post(url)]:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:sign_in')}?next={url}"


@pytest.mark.parametrize(
    ("route", "name", "converters"), HOME_ROUTES, ids=[r[1] for r in HOME_ROUTES]
)
def test_staff_without_two_factor_are_sent_to_it(
    world: World, route: str, name: str, converters: dict[str, str]
) -> None:
    client = Client()
    client.force_login(world.manager_a)
    url = _url(world, route, name, converters, world.home_a.slug)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:two_factor')}?next={url}"


@pytest.mark.parametrize(
    ("route", "name", "converters"), HOME_ROUTES, ids=[r[1] for r in HOME_ROUTES]
)
def test_a_home_that_does_not_exist_is_404(
    world: World, route: str, name: str, converters: dict[str, str]
) -> None:
    url = _url(world, route, name, converters, "no-such-home")
    assert world.client("manager_a").get(url).status_code == 404


def test_list_pages_of_own_home_work(world: World) -> None:
    client = world.client("manager_a")
    for route, name, converters in HOME_ROUTES:
        if set(converters) == {"home"}:
            response = client.get(_url(world, route, name, converters, world.home_a.slug))
            assert response.status_code in {200, 405}, name


def test_tenant_models_all_carry_home_and_organisation() -> None:
    tenant_models = [m for m in apps.get_models() if issubclass(m, TenantModel)]
    assert Resident in tenant_models
    for model in tenant_models:
        names = {field.name for field in model._meta.get_fields()}
        assert {"home", "organisation", "code"} <= names, model


def test_query_outside_a_scope_raises(world: World) -> None:
    # The autouse fixture disables scopes for test set-up; re-enable them with no home at all.
    with scope(), pytest.raises(ScopeError):
        list(Resident.objects.all())
    with scope(), pytest.raises(ScopeError):
        Resident.objects.filter(full_name="Margaret Ellis").first()
    with scope(), pytest.raises(ScopeError):
        AuditEntry.objects.count()


@pytest.mark.parametrize("model", [m for m in apps.get_models() if issubclass(m, TenantModel)])
def test_every_tenant_model_refuses_unscoped_queries(db: None, model: type[TenantModel]) -> None:
    with scope(), pytest.raises(ScopeError):
        model.objects.count()


def test_query_inside_a_scope_sees_only_that_home(world: World) -> None:
    with scope(home=world.home_a):
        names = set(Resident.objects.values_list("preferred_name", flat=True))
    assert names == {"Peggy", "Arthur"}
    with scope(home=world.home_b):
        assert list(Resident.objects.values_list("preferred_name", flat=True)) == ["Bren"]
