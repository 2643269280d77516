"""Volume, bursts, night-time contact and withheld-number calls.

All counts are of inbound contacts (messages, calls of every outcome including blocked
calls, edits and deletions by the other party) per identifier; block lines, system notices
and the victim's own messages are not contact. Days and ISO weeks are local to the stated
zone, so a message at 23:30 BST belongs to that evening's date.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from operator import attrgetter
from typing import Any

from foursight.core.conduct.model import ConductConfig, Contact, ordered, utc, week_of

_LOCAL = attrgetter("local")


def volume_rows(contacts: Sequence[Contact]) -> list[dict[str, Any]]:
    """Per identifier and channel: totals, per local day and per ISO week, and the peaks."""
    groups: dict[tuple[str, str], list[Contact]] = defaultdict(list)
    for c in contacts:
        if c.is_contact:
            groups[(c.key, str(c.event.channel))].append(c)
    rows = []
    for (key, channel), group in sorted(groups.items()):
        # each local date counted once per contact, each date labelled once: a large
        # phone has hundreds of thousands of contacts on a few hundred days
        dates = Counter(map(datetime.date, map(_LOCAL, group)))
        per_day = Counter({day.isoformat(): n for day, n in dates.items()})
        per_week: Counter[str] = Counter()
        for day, n in dates.items():
            per_week[week_of(day)] += n
        max_day = max(sorted(per_day), key=lambda d: per_day[d])
        max_week = max(sorted(per_week), key=lambda w: per_week[w])
        rows.append(
            {
                "identifier": key,
                "channel": channel,
                "in_scope": group[0].in_scope,
                "events": len(group),
                "days_active": len(per_day),
                "max_per_day": per_day[max_day],
                "max_day": max_day,
                "weeks_active": len(per_week),
                "max_per_week": per_week[max_week],
                "max_week": max_week,
                "per_day": dict(sorted(per_day.items())),
                "per_week": dict(sorted(per_week.items())),
            }
        )
    return rows


def find_bursts(contacts: Sequence[Contact], config: ConductConfig) -> list[dict[str, Any]]:
    """Runs of at least ``burst_count`` contacts from one identifier inside ``burst_window``.

    Every window of ``burst_count`` consecutive contacts that fits in ``burst_window`` is
    marked, and overlapping marked windows are merged, so a burst is reported once with
    all of its events.
    """
    by_key: dict[str, list[Contact]] = defaultdict(list)
    for c in ordered(contacts):
        if c.is_contact:
            by_key[c.key].append(c)
    bursts: list[dict[str, Any]] = []
    n = config.burst_count
    for key in sorted(by_key):
        seq = by_key[key]
        spans: list[list[int]] = []
        for i in range(len(seq) - n + 1):
            if seq[i + n - 1].ts - seq[i].ts <= config.burst_window:
                if spans and i <= spans[-1][1]:
                    spans[-1][1] = i + n - 1
                else:
                    spans.append([i, i + n - 1])
        for first, last in spans:
            members = seq[first : last + 1]
            bursts.append(
                {
                    "identifier": key,
                    "in_scope": members[0].in_scope,
                    "start": utc(members[0].ts),
                    "end": utc(members[-1].ts),
                    "events": len(members),
                    "event_ids": [c.id for c in members],
                }
            )
    bursts.sort(key=lambda b: (b["start"], b["identifier"]))
    return bursts


def night_contacts(contacts: Sequence[Contact], config: ConductConfig) -> list[Contact]:
    """Contacts whose local wall time falls in the night window."""
    return [c for c in ordered(contacts) if c.is_contact and config.is_night(c.local)]


def withheld_contacts(contacts: Sequence[Contact]) -> list[Contact]:
    """Inbound contacts whose caller-line identity was withheld."""
    return [c for c in ordered(contacts) if c.is_contact and c.event.withheld]
