"""Server-rendered SVG trend charts of a pair's assessments (no JavaScript, no CDN)."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape

LEVEL_RANK = {"standard": 0, "medium": 1, "high": 2}
LEVEL_COLOUR = {"standard": "#1d6b2f", "medium": "#8a5a00", "high": "#a00000"}
WIDTH, HEIGHT, PAD = 420, 170, 36


def _y(value: float, top: float) -> float:
    return HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value / top if top else 0)


def trend_svg(series: dict[str, Any]) -> dict[str, str] | None:
    """A line of the versions of one instrument for one pair; ``None`` when it has no levels.

    DASH plots the score (0-27) with the medium and high band lines; S-DASH and DARA plot
    the level. Each point has a text title, and the page also lists every version.
    """
    points = [p for p in series["points"] if p["level"]]
    if not points:
        return None
    by_score = series["instrument"] == "dash"
    top = 27.0 if by_score else 2.0
    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)
    coords = []
    marks = []
    for i, point in enumerate(points):
        value = point["score"] if by_score else LEVEL_RANK[point["level"]]
        x, y = PAD + i * step, _y(float(value), top)
        coords.append(f"{x:.1f},{y:.1f}")
        label = f"Version {point['version']}: {point['level']}"
        if by_score:
            label += f", score {point['score']}"
        marks.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{LEVEL_COLOUR[point["level"]]}">'
            f"<title>{escape(label)}</title></circle>"
            f'<text x="{x:.1f}" y="{HEIGHT - PAD + 16}" text-anchor="middle" '
            f'font-size="11">v{point["version"]}</text>'
        )
    guides = []
    if by_score:
        for threshold, name in ((10, "medium 10+"), (14, "high 14+")):
            y = _y(threshold, top)
            guides.append(
                f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="#888" stroke-dasharray="4 3"/>'
                f'<text x="{WIDTH - PAD + 2}" y="{y + 4:.1f}" font-size="10">{name}</text>'
            )
    else:
        for level, rank in LEVEL_RANK.items():
            y = _y(rank, top)
            guides.append(f'<text x="2" y="{y + 4:.1f}" font-size="10">{level}</text>')
    title = f"{series['instrument'].upper()} trend over {len(points)} version(s)"
    latest = points[-1]
    desc = f"Latest: version {latest['version']}, {latest['level']}"
    svg = (
        f'<svg role="img" aria-labelledby="t-{id(series)}" viewBox="0 0 {WIDTH + 40} {HEIGHT}" '
        f'width="{WIDTH + 40}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="t-{id(series)}">{escape(title)}. {escape(desc)}</title>'
        f'<line x1="{PAD}" x2="{PAD}" y1="{PAD}" y2="{HEIGHT - PAD}" stroke="#444"/>'
        f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{HEIGHT - PAD}" y2="{HEIGHT - PAD}" '
        f'stroke="#444"/>{"".join(guides)}'
        f'<polyline fill="none" stroke="#0b3d91" stroke-width="2" points="{" ".join(coords)}"/>'
        f"{''.join(marks)}</svg>"
    )
    return {"title": title, "svg": svg, "instrument": series["instrument"]}
