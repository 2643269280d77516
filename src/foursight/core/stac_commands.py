"""The STAC's decision on a referral, and the rules it must meet.

:class:`DecideStacReferral` is built by the API (from its schema) and the STAC case page
(from the form) and handed to ``foursight.cases.stac_actions.decide_stac_referral``. The
rules need no database:

* the decision is ``accepted`` or ``declined``;
* a decline gives its reason (at least 5 characters), so the referring officer knows
  what to do next; an acceptance may give one.
"""

from __future__ import annotations

from dataclasses import dataclass

from foursight.errors import InvalidInput

DECISIONS = {"accepted": "Accepted", "declined": "Declined"}
MIN_REASON = 5


@dataclass(frozen=True, slots=True)
class DecideStacReferral:
    decision: str
    reason: str = ""

    def checked(self) -> DecideStacReferral:
        """The command with its reason trimmed, or ``InvalidInput`` naming the field."""
        if self.decision not in DECISIONS:
            raise InvalidInput(
                "decision: choose whether to accept or decline the referral", field="decision"
            )
        reason = self.reason.strip()
        if self.decision == "declined" and len(reason) < MIN_REASON:
            raise InvalidInput(
                "reason: say why the referral is declined (at least 5 characters)", field="reason"
            )
        return DecideStacReferral(self.decision, reason)
