"""Licensed wording files: validated against the instrument's ids, never shipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from foursight.core.instruments import get_instrument, load_wording
from foursight.errors import InvalidInput

DEFINITIONS = Path(__file__).parents[3] / "src/foursight/core/instruments/definitions"


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "wording.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def sdash_wording() -> dict[str, str]:
    return {f"q{n}": f"Licensed wording of item {n} (test text)" for n in range(1, 12)}


def test_valid_wording_loads_in_form_order(tmp_path):
    wording = sdash_wording()
    shuffled = dict(reversed(list(wording.items())))
    loaded = load_wording(write(tmp_path, shuffled), "sdash")
    assert list(loaded) == [f"q{n}" for n in range(1, 12)]
    assert loaded["q4"] == "Licensed wording of item 4 (test text)"


def test_wording_accepts_an_instrument_value(tmp_path):
    dash = get_instrument("dash")
    wording = {qid: f"Wording {qid}" for qid in dash.question_ids}
    assert load_wording(str(write(tmp_path, wording)), dash) == wording


def test_unknown_ids_are_rejected_and_named(tmp_path):
    wording = sdash_wording() | {"q12": "extra", "q0": "extra"}
    with pytest.raises(InvalidInput, match="unknown question id\\(s\\) q12, q0") as err:
        load_wording(write(tmp_path, wording), "sdash")
    assert err.value.field == "wording.q12"


def test_missing_ids_are_rejected_and_named(tmp_path):
    wording = sdash_wording()
    del wording["q3"], wording["q11"]
    with pytest.raises(InvalidInput, match="missing question id\\(s\\) q3, q11") as err:
        load_wording(write(tmp_path, wording), "sdash")
    assert err.value.field == "wording.q3"


def test_a_dash_file_given_for_sdash_names_the_extra_ids(tmp_path):
    wording = {f"q{n}": "text" for n in range(1, 28)}
    with pytest.raises(InvalidInput, match=r"does not match sdash version 1\.0") as err:
        load_wording(write(tmp_path, wording), "sdash")
    assert "q12" in err.value.message
    assert "missing" not in err.value.message


@pytest.mark.parametrize("bad", ["", "   ", 7, None])
def test_blank_or_non_text_wording_is_rejected(tmp_path, bad):
    with pytest.raises(InvalidInput, match="empty or non-text wording for: q5") as err:
        load_wording(write(tmp_path, sdash_wording() | {"q5": bad}), "sdash")
    assert err.value.field == "wording.q5"


def test_a_list_is_not_a_wording_file(tmp_path):
    with pytest.raises(InvalidInput, match="JSON object") as err:
        load_wording(write(tmp_path, list(sdash_wording().values())), "sdash")
    assert err.value.field == "wording"


def test_unreadable_and_malformed_files_are_rejected(tmp_path):
    with pytest.raises(InvalidInput, match="Cannot read"):
        load_wording(tmp_path / "absent.json", "sdash")
    broken = tmp_path / "broken.json"
    broken.write_text('{"q1": "unterminated', encoding="utf-8")
    with pytest.raises(InvalidInput, match="not valid JSON"):
        load_wording(broken, "sdash")


def test_no_wording_file_is_shipped_with_the_definitions():
    names = sorted(p.name for p in DEFINITIONS.iterdir())
    assert names == [f"{i}.json" for i in ["dara", "dash", "four", "sam", "sdash", "srp"]]
    for path in DEFINITIONS.iterdir():
        data = json.loads(path.read_text(encoding="utf-8"))
        for question in data["questions"]:
            assert set(question) <= {"id", "number", "section", "topic", "answer_type", "required"}
            assert not question["topic"].rstrip().endswith("?")
