"""Text helpers that know nothing of the apps."""

from uuid import UUID


def split_list(value: str) -> list[str]:
    """Split a comma- or semicolon-separated list typed by a person, keeping order, no blanks."""
    parts = value.replace(";", ",").split(",")
    seen: list[str] = []
    for part in parts:
        item = " ".join(part.split())
        if item and item.casefold() not in {s.casefold() for s in seen}:
            seen.append(item)
    return seen


def join_list(items: list[str] | None) -> str:
    return ", ".join(items or [])


def uuid_or_none(value: str | None) -> UUID | None:
    """The UUID a form or address sent, or None when it is missing or not a UUID."""
    try:
        return UUID(value or "")
    except ValueError:
        return None
