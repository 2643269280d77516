"""A force's licensed question wording, loaded at run time and never stored in the repo.

DASH and S-DASH wording is copyright and may not be reproduced without permission, so
Foursight ships ids and paraphrased topics only. A force that holds a licence keeps its
wording in a JSON file outside the repository, one entry per question id::

    {"q1": "<the licensed wording of item 1>", "q2": "...", ...}

:func:`load_wording` checks the file against the instrument's ids so a file for the
wrong instrument or version is refused before an officer sees a mismatched question.
"""

from __future__ import annotations

from pathlib import Path

from foursight.core.instruments import _json
from foursight.core.instruments.instrument import Instrument
from foursight.core.instruments.loader import get_instrument
from foursight.errors import InvalidInput


def load_wording(path: str | Path, instrument: Instrument | str) -> dict[str, str]:
    """Load and check a wording file for ``instrument`` (an Instrument or a shipped id).

    Returns question id -> wording in form order. Raises InvalidInput (``field="wording"``
    or ``"wording.<id>"``) when the file cannot be read or parsed, is not an object,
    names ids the instrument does not have, lacks ids it does have, or holds an entry
    that is not non-blank text. The message names every offending id.
    """
    target = get_instrument(instrument) if isinstance(instrument, str) else instrument
    data = _json.read_json(Path(path), f"{target.id} wording")
    if not isinstance(data, dict):
        raise InvalidInput(
            f"The {target.id} wording file must be a JSON object of question id -> wording.",
            field="wording",
        )
    ids = target.question_ids
    unknown = [str(key) for key in data if key not in ids]
    missing = [qid for qid in ids if qid not in data]
    problems = []
    if unknown:
        problems.append(f"unknown question id(s) {', '.join(unknown)}")
    if missing:
        problems.append(f"missing question id(s) {', '.join(missing)}")
    if problems:
        raise InvalidInput(
            f"The wording file {path} does not match {target.id} version {target.version}: "
            f"{'; '.join(problems)}.",
            field=f"wording.{(unknown or missing)[0]}",
        )
    blank = [qid for qid in ids if not isinstance(data[qid], str) or not data[qid].strip()]
    if blank:
        raise InvalidInput(
            f"The wording file {path} has empty or non-text wording for: {', '.join(blank)}.",
            field=f"wording.{blank[0]}",
        )
    return {qid: str(data[qid]) for qid in ids}
