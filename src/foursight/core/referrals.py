"""Onward referrals of a victim's case: the command and the rules it must meet.

:class:`MakeReferral` is built once by the API (from its schema), the pages (from the
form) and any command line, and handed to ``foursight.risk.actions.make_referral``, which
checks the rules here, then the report and the victim, and stores it. The rules need no
database, so they are tested as plain functions:

* every referral records consent (given or not) and says how it was given, or why the
  referral proceeds without it, and why it is made;
* a MAPPA referral names its category and level (1-3); no other kind does;
* an advocate-service referral gives the advocate access to the victim, so it needs the
  victim's consent and the support needed, and the STAC coordinator may not make it;
  only it names an advocate and support needs;
* a referral is dated today or earlier.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from foursight.errors import Forbidden, InvalidInput

KINDS = ("marac", "mappa", "advocate", "behaviour_change", "mental_health")


@dataclass(frozen=True)
class MakeReferral:
    kind: str
    victim_party_id: int
    consent: bool
    consent_note: str
    reason: str
    referred_on: date | None = None
    mappa_category: int | None = None
    mappa_level: int | None = None
    advocate: str | None = None
    support_needs: str = ""


def _mappa(command: MakeReferral) -> None:
    for key in ("mappa_category", "mappa_level"):
        value = getattr(command, key)
        if command.kind != "mappa":
            if value is not None:
                raise InvalidInput(f"{key}: only for a MAPPA referral", field=key)
        elif not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 3:
            raise InvalidInput(f"{key}: a MAPPA referral needs 1, 2 or 3", field=key)


def _advocate(command: MakeReferral, *, by_stac: bool) -> None:
    if command.kind == "advocate":
        if by_stac:
            raise Forbidden(
                "An advocate-service referral gives the advocate access to the victim: "
                "ask the investigating officer or a supervisor to make it."
            )
        if not command.consent:
            raise InvalidInput(
                "consent: the advocate service needs the victim's consent", field="consent"
            )
        if not command.support_needs:
            raise InvalidInput(
                "support_needs: say what support the victim needs", field="support_needs"
            )
    elif command.advocate or command.support_needs:
        field = "advocate" if command.advocate else "support_needs"
        raise InvalidInput(f"{field}: only for an advocate-service referral", field=field)


def check_referral(command: MakeReferral, *, today: date, by_stac: bool) -> MakeReferral:
    """The command with its text trimmed and its date filled in, or the first rule broken.

    ``by_stac``: the STAC coordinator is making it. Raises ``InvalidInput`` naming the
    field, or ``Forbidden``.
    """
    if command.kind not in KINDS:
        raise InvalidInput(f"kind: expected one of {', '.join(KINDS)}", field="kind")
    if not isinstance(command.consent, bool):
        raise InvalidInput("consent: expected true or false", field="consent")
    referred_on = command.referred_on or today
    cleaned = replace(
        command,
        consent_note=command.consent_note.strip(),
        reason=command.reason.strip(),
        referred_on=referred_on,
        advocate=(command.advocate or "").strip() or None,
        support_needs=command.support_needs.strip(),
    )
    if not cleaned.consent_note:
        raise InvalidInput(
            "consent_note: say how consent was given, or why the referral proceeds without it",
            field="consent_note",
        )
    if len(cleaned.reason) < 5:
        raise InvalidInput("reason: say why (at least 5 characters)", field="reason")
    _mappa(cleaned)
    if referred_on > today:
        raise InvalidInput("referred_on: the date is in the future", field="referred_on")
    _advocate(cleaned, by_stac=by_stac)
    return cleaned
