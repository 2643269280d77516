"""The registry of plain-English names for codes, and the display rule on stored ISO text."""

from __future__ import annotations

from datetime import date

import pytest

from foursight.core import display, labels


def test_every_engine_kind_names_its_codes_without_underscores() -> None:
    for kind in labels.kinds():
        names = labels.names_of(kind)
        assert names, kind
        for code, name in names.items():
            assert name and "_" not in name, (kind, code, name)


@pytest.mark.parametrize(
    ("code", "kind", "name"),
    [
        (
            "new_identifiers_after_stop",
            "indicator",
            "New numbers or accounts after a stop or block",
        ),
        ("8Q", "offence", "Stalking (8Q)"),
        ("15", "outcome", "Evidential difficulties: suspect identified, victim supports action"),
        ("potential_escalation", "marac_criterion", "Potential escalation"),
        (
            "monitoring_online",
            "behaviour",
            "Monitoring internet, e-mail or other electronic communication",
        ),
        ("TURNING_UP", "threat_category", "Turning up"),
        ("call_missed", "event_kind", "Missed call"),
        (
            "sms_backup",
            "evidence_format",
            "SMS Backup & Restore XML (Android SMS, MMS and call log)",
        ),
        ("dara", "instrument", "DARA"),
    ],
)
def test_codes_are_named_from_the_registry(code: str, kind: str, name: str) -> None:
    if kind == "outcome":
        name = dict(labels.names_of("outcome"))["15"]
    assert labels.label(code, kind) == name


def test_an_unnamed_code_is_still_written_in_words() -> None:
    assert labels.label("some_new_code", "indicator") == "Some new code"
    assert labels.label("A_NEW_CATEGORY", "no_such_kind") == "A new category"
    assert labels.label(None, "offence") == "" and labels.label("", "offence") == ""


def test_registered_kinds_join_the_registry_but_cannot_replace_the_engines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(labels, "_REGISTERED", {})
    try:
        labels.register("test_kind", lambda: {"ab_cd": "A and B"})
        assert labels.label("ab_cd", "test_kind") == "A and B"
        assert "ab_cd" in labels.raw_codes()
        with pytest.raises(ValueError):
            labels.register("offence", lambda: {})
    finally:
        labels.names_of.cache_clear()


def test_raw_codes_are_the_codes_written_with_an_underscore() -> None:
    raw = labels.raw_codes()
    assert {"new_identifiers_after_stop", "potential_escalation", "TURNING_UP"} <= raw
    assert all("_" in code for code in raw)


def test_the_display_rule_reads_the_analysis_iso_text() -> None:
    assert display.evidence_time("2026-07-06T19:05:00Z") == "6 Jul 2026, 19:05:00 UTC"
    assert display.local_time("2026-07-06T19:05:00Z") == "6 Jul 2026, 20:05 BST"
    assert display.day("2026-07-06") == "6 Jul 2026" == display.day(date(2026, 7, 6))
    assert display.evidence_time("not a time") == ""
