"""The kinds of step on a suspect's path, the fields each takes, and their vocabularies."""

from __future__ import annotations

KINDS: dict[str, str] = {
    "arrest": "Arrest",
    "interview": "Interview",
    "custody_decision": "Custody decision",
    "bail": "Released on bail",
    "rui": "Released under investigation",
    "nfa": "No further action",
    "caution": "Caution",
    "community_resolution": "Community resolution",
    "charge": "Charge",
    "remand": "Remanded in custody",
    "court_bail": "Bailed to court",
    "hearing": "Hearing",
    "plea": "Plea",
    "verdict": "Verdict",
    "sentence": "Sentence",
    "release": "Release from custody",
    "outcome": "Outcome set by an officer",
}
TIMED = frozenset({"arrest", "interview", "custody_decision"})
INTERVIEW_TYPES = {"custody": "Under arrest, in custody", "voluntary": "Voluntary attendance"}
CUSTODY_DECISIONS = {
    "charge": "Charge",
    "bail": "Bail",
    "rui": "Release under investigation",
    "nfa": "No further action",
    "caution": "Caution",
    "community_resolution": "Community resolution",
    "remand": "Keep in custody for court",
    "further_enquiries": "Further enquiries before a decision",
}
NFA_REASONS = {
    "lack_of_evidence": "Evidential difficulties: not enough evidence",
    "victim_withdrawal": "Victim does not support or withdrew",
    "public_interest": "Not in the public interest",
    "time_limit": "Prosecution time limit expired",
    "other": "Other",
}
AUTHORISED_BY = {"police": "Police", "cps": "Crown Prosecution Service"}
HEARING_KINDS = {
    "first": "First hearing",
    "plea": "Plea hearing",
    "mention": "Mention",
    "trial": "Trial",
    "sentencing": "Sentencing",
    "appeal": "Appeal",
}
PLEAS = {"guilty": "Guilty", "not_guilty": "Not guilty"}
RESULTS = {
    "guilty": "Guilty (after trial)",
    "guilty_plea": "Guilty (pleaded)",
    "not_guilty": "Not guilty",
    "dismissed": "Dismissed",
    "withdrawn": "Withdrawn",
}
CONVICTED = frozenset({"guilty", "guilty_plea"})
DISPOSALS = {
    "immediate_custody": "Immediate custody",
    "suspended_custody": "Suspended sentence",
    "community_order": "Community order",
    "fine": "Fine",
    "conditional_discharge": "Conditional discharge",
    "absolute_discharge": "Absolute discharge",
    "hospital_order": "Hospital order",
}
WITH_MONTHS = frozenset({"immediate_custody", "suspended_custody", "community_order"})
CONDITION_KINDS = {
    "no_contact": "No contact with named persons",
    "exclusion_zone": "Exclusion zone",
    "curfew": "Curfew",
    "residence": "Live and sleep at an address",
    "reporting": "Report to a police station",
    "other": "Other",
}
WITH_CONDITIONS = frozenset({"bail", "court_bail"})
#: the fields each kind takes besides ``kind`` and its date (``at`` or ``on``)
FIELDS: dict[str, frozenset[str]] = {
    "arrest": frozenset({"offences", "where", "by"}),
    "interview": frozenset({"type", "legal_advice", "account"}),
    "custody_decision": frozenset({"decision", "by", "note"}),
    "bail": frozenset({"return_on", "conditions"}),
    "rui": frozenset(),
    "nfa": frozenset({"reason", "withdrawal_reason", "note"}),
    "caution": frozenset({"youth"}),
    "community_resolution": frozenset(),
    "charge": frozenset({"offences", "authorised_by", "note"}),
    "remand": frozenset({"court"}),
    "court_bail": frozenset({"court", "conditions"}),
    "hearing": frozenset({"court", "hearing_kind", "type"}),
    "plea": frozenset({"pleas"}),
    "verdict": frozenset({"results", "court", "orders"}),
    "sentence": frozenset(
        {"disposal", "months", "custody", "suspended", "expected_release_on", "court", "orders"}
    ),
    "release": frozenset({"licence_ends_on", "note"}),
    "outcome": frozenset({"code", "reason", "withdrawal_reason"}),
}
