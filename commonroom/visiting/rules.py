"""Who may come in: the admission rule at the door, as a pure function of plain facts (no ORM
here), so each nation's law can be tested with small hand-built cases.

The law in short (docs/visiting-law.md has the sources): visiting is open by default in every
nation. A restriction may pause general visits only for a serious risk, and even then the
resident's named care supporter keeps visiting (Scotland: essential care supporter, Anne's Law
s78B-78C, with a legal presumption that stopping their visits seriously harms the person;
England: care supporter, Regulation 9A guidance; Wales: designated visitor; Northern Ireland:
care partner), and visits go on when the person is likely to die or deteriorate significantly
before it is lifted, or when stopping visits causes or is likely to cause serious harm."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Admission, Restriction, VisitingException


@dataclass(frozen=True)
class RestrictionFacts:
    """What the door needs to know about a restriction in force for a resident."""

    title: str
    level: str
    precautions: str
    contact_name: str
    contact_details: str
    pk: int = 0


@dataclass(frozen=True)
class Decision:
    """The answer at the door for one visitor and one resident."""

    admitted: bool
    admission: str | None
    reason: str
    restriction: RestrictionFacts | None = None
    precautions: tuple[str, ...] = ()

    @property
    def needs_staff(self) -> bool:
        """Refused at the door: a member of staff should come and talk it through."""
        return not self.admitted


NAMED_SUPPORTER_TITLES = {
    "scotland": "essential care supporter",
    "england": "care supporter",
    "wales": "designated visitor",
    "northern_ireland": "care partner",
}


def decide(
    *,
    nation: str,
    restrictions: Sequence[RestrictionFacts],
    is_named_supporter: bool,
    exceptions: Collection[str] = (),
    unwanted: bool = False,
) -> Decision:
    """May this visitor see this resident now? ``restrictions`` are those in force that cover
    the resident; ``exceptions`` the kinds of visiting exception active for the resident."""
    if unwanted:
        return Decision(False, None, _("Please speak to a member of staff before this visit."))
    if not restrictions:
        return Decision(True, Admission.OPEN, _("Visiting is open."))
    precautions = tuple(r.precautions for r in restrictions if r.precautions)
    paused = [r for r in restrictions if r.level == Restriction.Level.PAUSED]
    if not paused:
        return Decision(
            True,
            Admission.WITH_PRECAUTIONS,
            _("Visiting is open with precautions."),
            restrictions[0],
            precautions,
        )
    return _when_paused(nation, paused[0], precautions, is_named_supporter, exceptions)


def _when_paused(
    nation: str,
    restriction: RestrictionFacts,
    precautions: tuple[str, ...],
    is_named_supporter: bool,
    exceptions: Collection[str],
) -> Decision:
    if is_named_supporter:
        return Decision(
            True,
            Admission.NAMED_SUPPORTER,
            _named_supporter_reason(nation),
            restriction,
            precautions,
        )
    if VisitingException.Kind.END_OF_LIFE in exceptions:
        return Decision(
            True,
            Admission.END_OF_LIFE,
            _("Visits go on at the end of life, whatever the restriction."),
            restriction,
            precautions,
        )
    if VisitingException.Kind.SERIOUS_HARM in exceptions:
        return Decision(
            True,
            Admission.SERIOUS_HARM,
            _("Visits go on because stopping them would cause this person serious harm."),
            restriction,
            precautions,
        )
    return Decision(
        False,
        None,
        _(
            "Visits are paused just now (%(title)s). Named care supporters still visit. "
            "Please speak to a member of staff, or contact %(name)s: %(details)s."
        )
        % {
            "title": restriction.title,
            "name": restriction.contact_name,
            "details": restriction.contact_details,
        },
        restriction,
        precautions,
    )


def _named_supporter_reason(nation: str) -> str:
    if nation == "scotland":
        return _("Essential care supporters keep visiting during an outbreak (Anne's Law).")
    if nation == "northern_ireland":
        return _("Care partners keep visiting during an outbreak.")
    if nation == "wales":
        return _("Designated visitors keep visiting during an outbreak.")
    return _("Care supporters keep visiting during an outbreak (Regulation 9A).")
