"""Small-number suppression that holds against differencing: one rule for every aggregate.

A count about people below the threshold ``t`` (default 5) must not be released to a user
who may not see the records behind it. Hiding the small cell alone (primary suppression)
is not enough: anyone who can ask for overlapping totals (January to March, then January to
February) or who has a total and the other cells of a row recovers the hidden cell by
subtraction. So every count released under a threshold is also **rounded to the nearest
multiple of t** (halves up):

* 0 is shown as 0;
* 1 to t - 1 is withheld (``None``, shown as ``<t``);
* t and above is rounded: with t = 5, 5-7 gives 5, 8-12 gives 10, 13-17 gives 15.

A difference of two rounded totals is then uncertain by up to t - 1 either way, and the
rounding is the same every time the same cell is asked for, so asking again or in another
order gives nothing new. Rates are computed from the released (rounded) figures, never
from the true ones, since an exact rate over a known base gives the count back.

>>> [release(n, 5) for n in (0, 1, 4, 5, 7, 8, 12, 13, 42)]
[0, None, None, 5, 5, 10, 10, 15, 40]
>>> release(3, 0)  # no threshold: the true count
3
"""

from __future__ import annotations


def release(n: int, threshold: int) -> int | None:
    """The count ``n`` as it may be released under ``threshold`` (0 or 1: unchanged)."""
    if threshold <= 1 or n <= 0:
        return n
    if n < threshold:
        return None
    return (n + threshold // 2) // threshold * threshold


def label(n: int, threshold: int) -> str:
    """:func:`release` as text for a page or a table: ``<t`` for a withheld count."""
    shown = release(n, threshold)
    return f"<{threshold}" if shown is None else str(shown)


def released_rate(count: int | None, base: int | None, threshold: int) -> float | None:
    """``count / base`` from two released counts; withheld when either is, or the base is
    below the threshold or zero."""
    if count is None or base is None or base == 0 or (threshold and base < threshold):
        return None
    return count / base
