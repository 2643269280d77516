"""Fixtures for the instrument engine tests: answer sets built from counts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

AnswerFactory = Callable[..., dict[str, str]]


@pytest.fixture
def dash_answers() -> AnswerFactory:
    """Build a full DASH answer set: the first ``yes`` items yes, then ``dont_know``, rest no.

    ``also_yes`` names further items (e.g. ``["q8"]``) to answer yes regardless of position.
    """

    def build(yes: int = 0, dont_know: int = 0, also_yes: tuple[str, ...] = ()) -> dict[str, str]:
        answers: dict[str, str] = {}
        for n in range(1, 28):
            if n <= yes:
                answers[f"q{n}"] = "yes"
            elif n <= yes + dont_know:
                answers[f"q{n}"] = "dont_know"
            else:
                answers[f"q{n}"] = "no"
        for qid in also_yes:
            answers[qid] = "yes"
        return answers

    return build


@pytest.fixture
def sdash_answers() -> AnswerFactory:
    """Build a full S-DASH answer set with the first ``yes`` items yes and the rest no."""

    def build(yes: int = 0) -> dict[str, str]:
        return {f"q{n}": "yes" if n <= yes else "no" for n in range(1, 12)}

    return build
