"""Role rules shared by every gatekeeper: who reaches what, and when a reason is needed.

The rules (need-to-know):

* officer, supervisor: reports in their own BCU;
* stac: reports referred to the STAC, force-wide;
* offender_unit: reports with a suspect, force-wide, and suspects (not victims);
* advocate: only the victims referred to them, never suspect intelligence;
* analyst: aggregates only, no personal data;
* admin: everything, like a force-wide role.

Force-wide roles (offender_unit, admin) give a justification to search or open records
outside their home BCU (Data Protection Act 2018 s.62 logging duty).
A protected person is visible only to users granted access to them.
"""

from __future__ import annotations

from foursight.accounts.models import Role, User
from foursight.errors import Forbidden, JustificationRequired

BCU_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR})
WRITER_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.ADMIN})
JUSTIFIED_ROLES = frozenset({Role.OFFENDER_UNIT, Role.ADMIN})
VICTIM_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.STAC, Role.ADMIN})
SUSPECT_ROLES = frozenset(
    {Role.OFFICER, Role.SUPERVISOR, Role.STAC, Role.OFFENDER_UNIT, Role.ADMIN}
)
PERSONAL_DATA_ROLES = frozenset(Role) - {Role.ANALYST}


def sees_victims(user: User) -> bool:
    """Whether the user sees every victim of a report they can open (advocates: their own only)."""
    return user.role in VICTIM_ROLES


def sees_suspects(user: User) -> bool:
    return user.role in SUSPECT_ROLES


def may_write(user: User) -> bool:
    return user.role in WRITER_ROLES


def require_writer(user: User) -> None:
    if not may_write(user):
        raise Forbidden("Your role may not change reports or persons.")


def require_personal_data(user: User) -> None:
    """Analysts see aggregates only: every personal-data route answers them as missing."""
    if user.role not in PERSONAL_DATA_ROLES:
        raise Forbidden("Your role sees aggregates only.")


def justification_needed(user: User, bcu_id: int | None) -> bool:
    """A force-wide role reaching outside its home BCU (``None``: across the force) needs a reason."""
    if user.role not in JUSTIFIED_ROLES:
        return False
    home = user.home_bcu_id
    return home is None or bcu_id != home


def check_justification(user: User, bcu_id: int | None, justification: str) -> str:
    """Return the cleaned justification, or raise when one is needed and missing."""
    reason = (justification or "").strip()
    if justification_needed(user, bcu_id) and len(reason) < 5:
        where = (
            "These records are across the force"
            if bcu_id is None
            else "This record is outside your BCU"
        )
        raise JustificationRequired(
            f"{where}: give a justification (at least 5 characters) "
            "in the X-Justification header or the purpose-of-access form."
        )
    return reason
