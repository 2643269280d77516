# ruff: noqa: S608  (SQL from fixed fragments; every value is a bound parameter)
"""The attrition funnel: report → arrest → charge → conviction, and who left where and why.

Definitions (docs/path.md, for analysts): every report is at the furthest stage any
of its suspects reached, on their path or by the report's outcome:

* ``convicted``: a verdict proved at least one offence (guilty, or a guilty plea);
* ``charged``: a charge on a path, or outcome 1/1A (charged or summonsed);
* ``arrested``: an arrest on a path (everyday or in an operation, counted alike), or
  charged (a summons without arrest passes the arrest stage);
* ``reported``: every report.

A report that stopped at a stage left it for one reason, the first that applies:
``victim_withdrawal`` (no further action because the victim withdrew, or outcome 14/16;
with the victim's reasons), ``nfa_lack_of_evidence`` (or outcome 15), ``out_of_court``
(caution or community resolution), ``nfa_other`` (no further action for another reason,
or another final outcome), ``not_found`` (outcome 18, or circulated as wanted and never
arrested), else ``ongoing``. After a charge: ``not_guilty``, ``dismissed``,
``withdrawn`` (the court's result) or ``ongoing``.

The rollups (:data:`BUILD`) are built once by the export step; every figure here reads
them only, so the page answers in well under a second on a million reports.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from foursight.core import disclosure, reference
from foursight.insights.filters import where as where_clause
from foursight.insights.queries import CHARGE, EVIDENTIAL, OUT_OF_COURT, WITHDRAWAL, Filters, _in

if TYPE_CHECKING:  # the benchmark imports this module without Django
    from foursight.insights.access import Scope

STAGES = ("reported", "arrested", "charged", "convicted")
REASONS = (
    "victim_withdrawal",
    "nfa_lack_of_evidence",
    "out_of_court",
    "nfa_other",
    "not_found",
    "not_guilty",
    "dismissed",
    "withdrawn",
    "ongoing",
)
MILESTONES = ("arrest", "charge", "first_hearing", "trial", "verdict")

_FACTS = (
    "SELECT date_trunc('month', r.reported_at) AS month, r.bcu, r.outcome_code, "
    "coalesce(p.convicted, false) AS convicted, "
    f"(coalesce(p.convicted, false) OR p.charged_on IS NOT NULL "
    f"OR r.outcome_code IN {_in(CHARGE)}) AS charged, "
    "p.arrested_on IS NOT NULL AS arrested, p.court_result, p.nfa_reason, "
    "coalesce(p.out_of_court, false) AS out_of_court, "
    "coalesce(p.circulated, false) AS circulated, "
    "coalesce(nullif(p.withdrawal_reason, ''), r.withdrawal_reason, '') AS why_withdrawn, "
    "ph.report_id IS NOT NULL AS phone "
    "FROM reports r LEFT JOIN path_reports p ON p.report_id = r.id "
    "LEFT JOIN phones ph ON ph.report_id = r.id"
)
_LEFT = (
    "CASE WHEN convicted THEN '' "
    "WHEN charged THEN coalesce(court_result, 'ongoing') "
    f"WHEN nfa_reason = 'victim_withdrawal' OR outcome_code IN {_in(WITHDRAWAL)} "
    "THEN 'victim_withdrawal' "
    f"WHEN nfa_reason = 'lack_of_evidence' OR outcome_code IN {_in(EVIDENTIAL)} "
    "THEN 'nfa_lack_of_evidence' "
    f"WHEN out_of_court OR outcome_code IN {_in(OUT_OF_COURT)} THEN 'out_of_court' "
    "WHEN nfa_reason IS NOT NULL THEN 'nfa_other' "
    "WHEN outcome_code = '18' OR (circulated AND NOT arrested) THEN 'not_found' "
    "WHEN outcome_code IS NOT NULL THEN 'nfa_other' ELSE 'ongoing' END"
)
_DAYS = "CAST(r.reported_at AS DATE)"

BUILD: dict[str, str] = {
    "funnel_cube": (
        "SELECT month, bcu, CASE WHEN convicted THEN 'convicted' WHEN charged THEN 'charged' "
        "WHEN arrested THEN 'arrested' ELSE 'reported' END AS stage, left_reason, "
        "CASE WHEN left_reason = 'victim_withdrawal' THEN why_withdrawn ELSE '' END "
        "AS withdrawal_reason, phone, count(*) AS n "
        f"FROM (SELECT *, {_LEFT} AS left_reason FROM ({_FACTS})) GROUP BY ALL"
    ),
    "path_times": (
        "SELECT date_trunc('month', r.reported_at) AS month, r.bcu, "
        f"p.arrested_on - {_DAYS} AS days_to_arrest, "
        f"coalesce(p.charged_on, r.charged_on) - {_DAYS} AS days_to_charge, "
        f"p.first_hearing_on - {_DAYS} AS days_to_first_hearing, "
        f"coalesce(p.trial_on, r.trial_date) - {_DAYS} AS days_to_trial, "
        f"p.verdict_on - {_DAYS} AS days_to_verdict "
        "FROM reports r LEFT JOIN path_reports p ON p.report_id = r.id "
        "WHERE p.report_id IS NOT NULL OR r.charged_on IS NOT NULL OR r.trial_date IS NOT NULL"
    ),
    "arrest_cube": (
        "SELECT date_trunc('month', arrested_on) AS month, bcu, category, operational, "
        "count(DISTINCT step_id) AS n FROM arrests GROUP BY ALL"
    ),
    "arrest_month_cube": (
        "SELECT date_trunc('month', arrested_on) AS month, bcu, operational, "
        "count(DISTINCT step_id) AS n FROM arrests GROUP BY ALL"
    ),
    "victim_cube": (
        "SELECT date_trunc('month', r.reported_at) AS month, r.bcu, v.gender, v.under_18, "
        "coalesce(r.channel, '') AS channel, v.is_repeat, count(*) AS n FROM "
        "(SELECT *, count(*) OVER (PARTITION BY victim_key) > 1 AS is_repeat FROM victims) v "
        "JOIN reports r ON r.id = v.report_id GROUP BY ALL"
    ),
    "report_flag_cube": (
        "SELECT date_trunc('month', reported_at) AS month, bcu, "
        "coalesce(domestic_abuse, false) AS domestic_abuse, "
        "coalesce(cyber_element, false) AS cyber_element, count(*) AS n FROM reports GROUP BY ALL"
    ),
}


def _cell(n: Any, t: int) -> int | None:
    return disclosure.release(int(n or 0), t)


def _rate(count: int | None, base: int | None, t: int) -> float | None:
    rate = disclosure.released_rate(count, base, t)
    return None if rate is None else round(rate, 4)


def _stages(con: Any, where: str, params: list[Any], t: int) -> dict[str, Any]:
    rows = con.execute(
        "SELECT stage, left_reason, withdrawal_reason, phone, sum(n) FROM funnel_cube "
        f"WHERE {where} GROUP BY ALL",
        params,
    ).fetchall()
    reached = dict.fromkeys(STAGES, 0)
    left: dict[str, dict[str, int]] = {s: {} for s in STAGES}
    withdrawn: dict[str, int] = {}
    lack, lack_no_phone = 0, 0
    for stage, reason, why, phone, n in rows:
        n = int(n)
        for s in STAGES[: STAGES.index(stage) + 1]:
            reached[s] += n
        if stage != "convicted":
            left[stage][reason] = left[stage].get(reason, 0) + n
        if reason == "victim_withdrawal":
            withdrawn[why or "not_recorded"] = withdrawn.get(why or "not_recorded", 0) + n
        if reason == "nfa_lack_of_evidence":
            lack += n
            lack_no_phone += 0 if phone else n
    names = reference.code_names(reference.withdrawal_reasons())
    stages = [
        {
            "stage": s,
            "count": _cell(reached[s], t),
            "left": {r: _cell(left[s][r], t) for r in REASONS if r in left[s]},
        }
        for s in STAGES
    ]
    shown = {s: _cell(reached[s], t) for s in STAGES}
    no_phone, of = _cell(lack_no_phone, t), _cell(lack, t)
    return {
        "stages": stages,
        "withdrawal_reasons": [
            {"reason": r, "name": names.get(r, "Not recorded"), "n": _cell(n, t)}
            for r, n in sorted(withdrawn.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "rates": {
            "arrest_rate": _rate(shown["arrested"], shown["reported"], t),
            "charge_rate": _rate(shown["charged"], shown["reported"], t),
            "conviction_rate": _rate(shown["convicted"], shown["charged"], t),
            "conviction_per_report": _rate(shown["convicted"], shown["reported"], t),
        },
        "nfa_lack_of_evidence_without_phone_evidence": {
            "n": no_phone,
            "of": of,
            "share": _rate(no_phone, of, t),
        },
    }


def _times(con: Any, where: str, params: list[Any], t: int) -> dict[str, Any]:
    parts = []
    for m in MILESTONES:
        col = f"days_to_{m}"
        parts.append(f"count({col}), quantile_cont({col}, 0.5), quantile_cont({col}, 0.9)")
    row = con.execute(f"SELECT {', '.join(parts)} FROM path_times WHERE {where}", params).fetchone()
    out = {}
    for i, m in enumerate(MILESTONES):
        n, median, p90 = row[3 * i : 3 * i + 3]
        count = _cell(n, t)
        shown = count is not None and count > 0
        out[m] = {
            "n": count,
            "median_days": round(float(median), 1) if shown and median is not None else None,
            "p90_days": round(float(p90), 1) if shown and p90 is not None else None,
        }
    return out


def _arrests(con: Any, where: str, params: list[Any], t: int) -> dict[str, Any]:
    by_category: dict[str, dict[str, dict[str, int | None]]] = {}
    for month, category, operational, n in con.execute(
        f"SELECT month, category, operational, sum(n) FROM arrest_cube WHERE {where} "
        "GROUP BY ALL ORDER BY 1, 2, 3",
        params,
    ).fetchall():
        cell = by_category.setdefault(month.strftime("%Y-%m"), {}).setdefault(
            category, {"everyday": 0, "operational": 0}
        )
        cell["operational" if operational else "everyday"] = _cell(n, t)
    totals: dict[str, dict[str, int | None]] = {}
    for month, operational, n in con.execute(
        f"SELECT month, operational, sum(n) FROM arrest_month_cube WHERE {where} "
        "GROUP BY ALL ORDER BY 1, 2",
        params,
    ).fetchall():
        cell = totals.setdefault(month.strftime("%Y-%m"), {"everyday": 0, "operational": 0})
        cell["operational" if operational else "everyday"] = _cell(n, t)
    return {"by_month_category": by_category, "by_month": totals}


def _victims(con: Any, where: str, params: list[Any], t: int) -> dict[str, Any]:
    rows = con.execute(
        "SELECT gender, under_18, channel, is_repeat, sum(n) FROM victim_cube "
        f"WHERE {where} GROUP BY ALL",
        params,
    ).fetchall()
    total, under, known_age, repeat = 0, 0, 0, 0
    gender: dict[str, int] = {}
    channel: dict[str, int] = {}
    for g, u18, ch, rep, n in rows:
        n = int(n)
        total += n
        gender[g] = gender.get(g, 0) + n
        channel[ch or "unknown"] = channel.get(ch or "unknown", 0) + n
        if u18 is not None:
            known_age += n
            under += n if u18 else 0
        repeat += n if rep else 0
    shown_total, shown_repeat = _cell(total, t), _cell(repeat, t)
    under_n, known_n = _cell(under, t), _cell(known_age, t)
    return {
        "victims": shown_total,
        "gender": {k: _cell(v, t) for k, v in sorted(gender.items())},
        "under_18": {"n": under_n, "of_known_age": known_n, "share": _rate(under_n, known_n, t)},
        "channel": {k: _cell(v, t) for k, v in sorted(channel.items())},
        "repeat_victims": {
            "n": shown_repeat,
            "share": _rate(shown_repeat, shown_total, t),
        },
        **_report_flags(con, where, params, t),
    }


def _report_flags(con: Any, where: str, params: list[Any], t: int) -> dict[str, Any]:
    """Shares of reports (not victims) flagged domestic abuse and with a cyber element."""
    total, da, cyber = con.execute(
        "SELECT coalesce(sum(n), 0), coalesce(sum(n) FILTER (WHERE domestic_abuse), 0), "
        f"coalesce(sum(n) FILTER (WHERE cyber_element), 0) FROM report_flag_cube WHERE {where}",
        params,
    ).fetchone()
    of = _cell(total, t)
    out: dict[str, Any] = {}
    for key, n in (("domestic_abuse", da), ("cyber_element", cyber)):
        shown = _cell(n, t)
        out[key] = {"n": shown, "of_reports": of, "share": _rate(shown, of, t)}
    return out


def funnel(con: Any, filters: Filters, scope: Scope) -> dict[str, Any]:
    """Every funnel figure for the scope and filters (month of report; arrests by the
    month of the arrest), from the rollups only."""
    f = replace(filters, bcu=scope.bcu, offence=None)
    t = scope.threshold
    where, params = where_clause(f, "?", date="month", bcu="bcu")
    return {
        "filters": {
            "month_from": f.month_from.strftime("%Y-%m") if f.month_from else None,
            "month_to": f.month_to.strftime("%Y-%m") if f.month_to else None,
            "bcu": f.bcu,
        },
        "threshold": t or None,
        **_stages(con, where, params, t),
        "time_from_report": _times(con, where, params, t),
        "arrests": _arrests(con, where, params, t),
        "victim_profile": _victims(con, where, params, t),
    }
