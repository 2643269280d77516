"""What other apps read of the paths: the interview accounts the case file quotes."""

from __future__ import annotations

from foursight.casefiles import gather
from foursight.core.casefile import generate
from foursight.prosecution.queries import interview_accounts
from tests.conftest import World
from tests.prosecution.test_path_api import ARREST, add


def test_interview_accounts_reach_the_case_file(world: World) -> None:
    assert interview_accounts(world.reports["cn"].pk) == []
    assert add(world, ARREST).status_code == 201
    interview = {
        "kind": "interview",
        "at": "2026-03-05T11:00:00+00:00",
        "type": "custody",
        "legal_advice": True,
        "account": "Denies sending the messages; says the phone was lost.",
    }
    assert add(world, interview).status_code == 201
    [account] = interview_accounts(world.reports["cn"].pk)
    assert account["account"] == interview["account"] and account["legal_advice"] is True
    assert account["at"].startswith("2026-03-05T11:00")
    doc = generate(gather.case_data(world.reports["cn"]))
    assert doc["interview_recorded"] is True
    assert "says the phone was lost" in doc["interview"][0]["text"]
