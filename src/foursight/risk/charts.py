"""Trend charts of a pair's assessments, drawn by :mod:`foursight.server.charts`."""

from __future__ import annotations

from typing import Any

from foursight.server import charts

LEVELS = ["standard", "medium", "high"]
LEVEL_COLOUR = {"standard": "#1d6b2f", "medium": "#8a5a00", "high": "#a00000"}


def trend_chart(series: dict[str, Any]) -> charts.Chart | None:
    """A line of the versions of one instrument for one pair; ``None`` when it has no levels.

    DASH plots the score (0-27) with the medium and high band lines; S-DASH and DARA plot
    the level. The table beside it lists every version with its level (and score).
    """
    points = [p for p in series["points"] if p["level"]]
    if not points:
        return None
    by_score = series["instrument"] == "dash"
    title = f"{series['instrument'].upper()} trend over {len(points)} version(s)"
    latest = points[-1]
    description = f"Latest: version {latest['version']}, {latest['level']}" + (
        f", score {latest['score']}." if by_score else "."
    )
    data = [
        {
            "x": f"v{p['version']}",
            "y": p["score"] if by_score else p["level"],
            "colour": LEVEL_COLOUR[p["level"]],
        }
        for p in points
    ]
    if by_score:
        return charts.line(
            title,
            data,
            x_title="Version",
            y_title="DASH score",
            y_domain=[0, 27],
            guides=[(10, "medium 10+"), (14, "high 14+")],
            columns=["Version", "Level", "Score"],
            rows=[[f"v{p['version']}", p["level"], p["score"]] for p in points],
            description=description,
        )
    return charts.line(
        title,
        data,
        x_title="Version",
        y_title="Level",
        y_type="ordinal",
        y_domain=list(reversed(LEVELS)),
        columns=["Version", "Level"],
        rows=[[f"v{p['version']}", p["level"]] for p in points],
        description=description,
    )
