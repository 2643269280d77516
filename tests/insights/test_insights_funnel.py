"""The funnel on a small fixture worked by hand.

The world's two reports (CN and NE) end in outcome 15 with no path. Six more CN
reports, all made on 1 March 2026:

====  ==========================================  ==========  =====================
 R    path                                        stage       left because
====  ==========================================  ==========  =====================
 1    arrest 5 Mar, charge 6 Mar, guilty 1 Jun    convicted   -
 2    arrest 3 Mar, NFA victim withdrew (fear)    arrested    victim_withdrawal
 3    arrest 3 Mar, released under investigation  arrested    ongoing
 4    arrest 11 Mar, charge 12 Mar, not guilty    charged     not_guilty
 5    nothing yet                                 reported    ongoing
 6    arrest 6 Mar, NFA lack of evidence          arrested    nfa_lack_of_evidence
====  ==========================================  ==========  =====================

So: reported 8, arrested 5, charged 2, convicted 1. Days to arrest 4, 2, 2, 10, 5:
median 4, 90th percentile 8 (between 5 and 10). Days to charge 5 and 11: median 8,
90th percentile 10.4. Three NFA-for-lack-of-evidence reports (the world's two and R6),
none with phone evidence. R1 and R2 are flagged domestic abuse, R1 to R3 cyber element.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from foursight.cases import actions as case_actions
from foursight.cases.models import Party
from foursight.core.report_commands import CreateReport
from tests.conftest import World

PATHS: list[list[dict[str, Any]]] = [
    [
        {"kind": "arrest", "at": "2026-03-05T07:00:00+00:00", "offences": ["8Q"]},
        {"kind": "charge", "on": "2026-03-06", "offences": ["8Q"], "authorised_by": "cps"},
        {"kind": "verdict", "on": "2026-06-01", "results": [{"offence": "8Q", "result": "guilty"}]},
    ],
    [
        {"kind": "arrest", "at": "2026-03-03T07:00:00+00:00", "offences": ["8Q"]},
        {
            "kind": "nfa",
            "on": "2026-03-20",
            "reason": "victim_withdrawal",
            "withdrawal_reason": "fear_of_reprisal",
        },
    ],
    [
        {"kind": "arrest", "at": "2026-03-03T09:00:00+00:00", "offences": ["8Q"]},
        {"kind": "rui", "on": "2026-03-03"},
    ],
    [
        {"kind": "arrest", "at": "2026-03-11T07:00:00+00:00", "offences": ["8Q"]},
        {"kind": "charge", "on": "2026-03-12", "offences": ["8Q"], "authorised_by": "police"},
        {
            "kind": "verdict",
            "on": "2026-07-01",
            "results": [{"offence": "8Q", "result": "not_guilty"}],
        },
    ],
    [],
    [
        {"kind": "arrest", "at": "2026-03-06T07:00:00+00:00", "offences": ["8Q"]},
        {"kind": "nfa", "on": "2026-04-01", "reason": "lack_of_evidence"},
    ],
]


@pytest.fixture
def funnel_world(world: World, settings: Any, tmp_path: Path) -> World:
    settings.DATA_DIR = tmp_path
    settings.INSIGHTS_MAX_AGE = 0
    officer = world.users["officer_cn"]
    api = world.api("officer_cn")
    for i, steps in enumerate(PATHS):
        report = case_actions.create_report(
            officer,
            CreateReport.from_dict(
                {
                    "unit": "CN-CAMDEN",
                    "reported_at": datetime(2026, 3, 1, 10, tzinfo=UTC),
                    "channel": "phone_101",
                    "offences": ["8Q"],
                    "victims": [{"person_id": world.persons["victim_cn"].pk}],
                    "suspects": [{"person_id": world.persons["suspect_cn"].pk}],
                    "domestic_abuse": i < 2,
                    "cyber_element": i < 3,
                }
            ),
        )
        party = Party.objects.get(report=report, role="suspect")
        for body in steps:
            response = api.post(
                f"/api/v1/reports/{report.pk}/suspects/{party.pk}/steps",
                json.dumps(body),
                content_type="application/json",
            )
            assert response.status_code == 201, response.content
    return world


def test_funnel_counts_worked_by_hand(funnel_world: World) -> None:
    response = funnel_world.api("admin", "Funnel review").get("/api/v1/insights/funnel")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["stages"] == [
        {"stage": "reported", "count": 8, "left": {"nfa_lack_of_evidence": 2, "ongoing": 1}},
        {
            "stage": "arrested",
            "count": 5,
            "left": {"victim_withdrawal": 1, "nfa_lack_of_evidence": 1, "ongoing": 1},
        },
        {"stage": "charged", "count": 2, "left": {"not_guilty": 1}},
        {"stage": "convicted", "count": 1, "left": {}},
    ]
    assert [(r["reason"], r["n"]) for r in data["withdrawal_reasons"]] == [("fear_of_reprisal", 1)]
    assert data["rates"]["charge_rate"] == 0.25 and data["rates"]["conviction_rate"] == 0.5
    times = data["time_from_report"]
    assert times["arrest"] == {"n": 5, "median_days": 4.0, "p90_days": 8.0}
    assert times["charge"] == {"n": 2, "median_days": 8.0, "p90_days": 10.4}
    assert times["verdict"]["n"] == 2
    assert data["arrests"]["by_month"] == {"2026-03": {"everyday": 5, "operational": 0}}
    assert data["arrests"]["by_month_category"]["2026-03"]["stalking_harassment"] == {
        "everyday": 5,
        "operational": 0,
    }
    assert data["nfa_lack_of_evidence_without_phone_evidence"] == {"n": 3, "of": 3, "share": 1.0}
    victims = data["victim_profile"]
    assert victims["victims"] == 8 and victims["repeat_victims"]["n"] == 7
    assert victims["channel"] == {"online": 2, "phone_101": 6}
    # R1 and R2 are flagged domestic abuse, R1 to R3 cyber; the world's two reports neither
    assert victims["domestic_abuse"] == {"n": 2, "of_reports": 8, "share": 0.25}
    assert victims["cyber_element"] == {"n": 3, "of_reports": 8, "share": 0.375}


def test_funnel_for_analysts_is_suppressed(funnel_world: World) -> None:
    data = funnel_world.api("analyst").get("/api/v1/insights/funnel").json()
    assert data["threshold"] == 5
    assert data["stages"][0]["count"] == 10  # 8, rounded to the base of 5
    assert data["stages"][3]["count"] is None  # 1: withheld
    assert data["rates"]["conviction_rate"] is None


def test_funnel_for_other_roles_is_not_found(funnel_world: World) -> None:
    for who in ("officer_cn", "stac", "pou", "advocate"):
        assert funnel_world.api(who, "x" * 10).get("/api/v1/insights/funnel").status_code == 404


def test_funnel_page_shows_the_tables(funnel_world: World) -> None:
    html = funnel_world.page("supervisor_cn").get("/insights/funnel").content.decode()
    assert "From report to conviction" in html
    assert '<th scope="row">Convicted</th><td>1</td>' in html
    assert "Victim withdrew: 1" in html
    assert "2 of 2 reports closed for lack of evidence" in html  # CN only
    for name in ("DENTON", "Walker"):
        assert name not in html
    bad = funnel_world.page("supervisor_cn").get("/insights/funnel?month_from=March")
    assert bad.status_code == 400 and "month_from: give a month" in bad.content.decode()
    assert funnel_world.page("officer_cn").get("/insights/funnel").status_code == 404
