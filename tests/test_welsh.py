"""The Welsh (cy) translation: complete, faithful to its placeholders, compiled, and shown."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, npgettext

from .conftest import World

LOCALE = Path(settings.BASE_DIR) / "locale" / "cy" / "LC_MESSAGES"
WELSH_PLURALS = (
    "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;"
)
# %(name)s / %(count)d, bare %s / %d, {{ name }} and HTML tags must survive translation intact.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\{\s*[\w.]+\s*\}\}|</?[a-zA-Z][^>]*>")
OTHER_FORM = 5


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(LOCALE / "django.po"))


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def describe(entry: polib.POEntry) -> str:
    return f"{entry.msgid!r} ({entry.occurrences[0][0] if entry.occurrences else '?'})"


def test_header_is_welsh_with_six_plural_forms(catalogue: polib.POFile) -> None:
    assert catalogue.metadata["Language"] == "cy"
    assert catalogue.metadata["Plural-Forms"] == WELSH_PLURALS
    assert not catalogue.metadata_is_fuzzy


def test_every_string_is_translated_and_none_is_fuzzy(catalogue: polib.POFile) -> None:
    # A fuzzy entry is ignored at run time, so it would show in English.
    untranslated = [describe(e) for e in catalogue if not e.obsolete and not e.translated()]
    fuzzy = [describe(e) for e in catalogue if "fuzzy" in e.flags]
    assert not untranslated, "Translate these in locale/cy (make messages):\n" + "\n".join(
        untranslated
    )
    assert not fuzzy, "Check and unmark these fuzzy entries:\n" + "\n".join(fuzzy)


def test_every_plural_entry_has_all_six_forms(catalogue: polib.POFile) -> None:
    short = [
        describe(e)
        for e in catalogue
        if e.msgid_plural and sorted(e.msgstr_plural) != list(range(6))
    ]
    assert not short


def test_translations_keep_their_placeholders_and_tags(catalogue: polib.POFile) -> None:
    broken = []
    for entry in catalogue:
        if not entry.msgid_plural:
            if placeholders(entry.msgstr) != placeholders(entry.msgid):
                broken.append(describe(entry))
            continue
        allowed = set(placeholders(entry.msgid) + placeholders(entry.msgid_plural))
        for index, form in entry.msgstr_plural.items():
            # A form for one exact number may say the number in words; the general form may not.
            if not set(placeholders(form)) <= allowed or (
                index == OTHER_FORM and placeholders(form) != placeholders(entry.msgid_plural)
            ):
                broken.append(f"{describe(entry)} form {index}")
    assert not broken, "Placeholders or tags differ from the English:\n" + "\n".join(broken)


def test_compiled_catalogue_matches_the_source(catalogue: polib.POFile) -> None:
    # A stale .mo would show old wording, or English, for strings translated since.
    def translations(entries: list[polib.POEntry]) -> dict[tuple[str, str, str], object]:
        return {
            (e.msgctxt or "", e.msgid, e.msgid_plural or ""): (
                tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr
            )
            for e in entries
            if e.msgid
        }

    compiled = polib.mofile(str(LOCALE / "django.mo"))
    assert translations(list(compiled)) == translations(catalogue.translated_entries()), (
        "locale/cy/LC_MESSAGES/django.mo is out of date: run make messages"
    )


def test_every_month_reads_well_as_a_choice_and_as_a_count() -> None:
    # "Every month" is both a contact frequency (plain) and a plan interval (plural, with its own
    # context), so each has its own entry.
    with translation.override("cy"):
        assert gettext("Every month") == "Bob mis"
        interval = ("review interval", "Every month", "Every %(months)s months")
        assert npgettext(*interval, 1) == "Bob mis"
        assert npgettext(*interval, 2) % {"months": 2} == "Bob 2 fis"


@pytest.fixture
def welsh_client(world: World) -> Client:
    world.manager_a.language = "cy"
    world.manager_a.save(update_fields=["language"])
    return world.client("manager_a")


def test_dashboard_in_welsh(world: World, welsh_client: Client) -> None:
    response = welsh_client.get(reverse("homes:dashboard", args=[world.home_a.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="cy"' in page
    assert response.headers["Content-Language"] == "cy"
    for welsh in ["Preswylwyr", "Allgofnodi", "Neidio i'r prif gynnwys", "Trywydd archwilio"]:
        assert welsh in page or welsh.replace("'", "&#x27;") in page, welsh
    assert "Sign out" not in page


def test_resident_list_in_welsh(world: World, welsh_client: Client) -> None:
    response = welsh_client.get(reverse("residents:list", args=[world.home_a.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="cy"' in page
    assert "Chwilio yn ôl enw neu ystafell" in page
    assert "Ystafell" in page
    # Home A has two residents: Welsh says "dau berson", so the count mutates the noun.
    assert "2 berson" in page
    assert "Search by name or room" not in page


def test_resident_record_in_welsh(world: World, welsh_client: Client) -> None:
    response = welsh_client.get(
        reverse("residents:detail", args=[world.home_a.slug, world.resident_a.code])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="cy"' in page
    for welsh in ["Amdanaf i", "Cynllun personol", "Cydsyniad", "Cyfathrebu a symudedd", "Cylch"]:
        assert welsh in page, welsh
    assert "Personal plan" not in page


def test_english_speaker_still_reads_english(world: World) -> None:
    response = world.client("manager_a").get(reverse("residents:list", args=[world.home_a.slug]))
    page = response.content.decode()
    assert '<html lang="en-GB"' in page
    assert "Search by name or room" in page


def test_django_password_rules_read_in_welsh() -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with translation.override("cy"), pytest.raises(ValidationError) as refused:
        validate_password("12345")
    messages = " ".join(refused.value.messages)
    assert "rhy fyr" in messages and "rhifau i gyd" in messages


@pytest.mark.django_db
def test_the_shared_interests_read_in_welsh() -> None:
    from commonroom.residents.models import Interest

    gardening = Interest.objects.get(slug="gardening")
    with translation.override("cy"):
        assert str(gardening) == "Garddio"
    assert str(gardening) == "Gardening"
