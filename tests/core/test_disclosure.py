"""The small-number rule: withheld below the threshold, rounded to its base above."""

from __future__ import annotations

import pytest

from foursight.core.disclosure import label, release, released_rate


@pytest.mark.parametrize(
    ("n", "threshold", "shown"),
    [
        (0, 5, 0),
        (1, 5, None),
        (4, 5, None),
        (5, 5, 5),
        (7, 5, 5),
        (8, 5, 10),
        (12, 5, 10),
        (13, 5, 15),
        (46, 5, 45),
        (15, 10, 20),
        (9, 10, None),
        (3, 0, 3),
        (3, 1, 3),
    ],
)
def test_release(n: int, threshold: int, shown: int | None) -> None:
    assert release(n, threshold) == shown


def test_label_and_rate() -> None:
    assert [label(n, 5) for n in (0, 3, 21)] == ["0", "<5", "20"]
    assert released_rate(release(6, 5), release(10, 5), 5) == 0.5
    assert released_rate(None, 10, 5) is None
    assert released_rate(5, 0, 5) is None
    assert released_rate(1, 3, 0) == pytest.approx(1 / 3)


def test_a_difference_of_rounded_totals_does_not_give_the_small_count() -> None:
    """Totals 42 and 46 differ by a suppressed 4; rounded, every split from 1 to 4 fits."""
    fits = {
        small
        for small in range(1, 5)
        for rest in range(30, 60)
        if release(rest, 5) == 40 and release(rest + small, 5) == 45
    }
    assert fits == {1, 2, 3, 4}
