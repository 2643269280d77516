"""Server-rendered SVG charts: no JavaScript, no CDN, readable by screen readers.

Each chart is an ``<svg role="img">`` with a title and a description listing every value,
so the figures are never only in the picture; pages also show the same numbers as a table.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

BAR = "#1d4f91"
WIDTH = 560


def bar_chart(title: str, items: list[tuple[str, int | None]], *, unit: str = "") -> SafeString:
    """Horizontal bars, one per ``(label, value)``; ``None`` values (suppressed) show as such."""
    row, label_w, pad = 22, 190, 6
    height = max(1, len(items)) * row + 2 * pad
    top = max([v for _, v in items if v is not None] + [1])
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())[:40]
    desc = "; ".join(f"{label}: {'suppressed' if v is None else v}{unit}" for label, v in items)
    parts = [
        f'<svg class="chart chart-bars" role="img" aria-labelledby="t-{slug} d-{slug}" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="t-{slug}">{escape(title)}</title>',
        f'<desc id="d-{slug}">{escape(desc) or "no data"}</desc>',
    ]
    span = WIDTH - label_w - 60
    for i, (label, value) in enumerate(items):
        y = pad + i * row
        width = 0 if value is None else round(span * value / top)
        shown = "suppressed" if value is None else f"{value}{unit}"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="13" '
            f'fill="#111">{escape(label[:28])}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{width}" height="{row - 8}" fill="{BAR}"/>'
            f'<text x="{label_w + width + 4}" y="{y + 15}" font-size="13" fill="#111">'
            f"{escape(shown)}</text>"
        )
    if not items:
        parts.append(f'<text x="{pad}" y="{pad + 14}" font-size="13" fill="#111">No data</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def column_chart(title: str, items: list[tuple[str, int | None]]) -> SafeString:
    """Vertical columns over time (months or days), labels under every few columns."""
    height, base, pad = 180, 150, 30
    n = max(1, len(items))
    step = (WIDTH - 2 * pad) / n
    top = max([v for _, v in items if v is not None] + [1])
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())[:40]
    desc = "; ".join(f"{label}: {'suppressed' if v is None else v}" for label, v in items)
    parts = [
        f'<svg class="chart chart-bars" role="img" aria-labelledby="t-{slug} d-{slug}" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="t-{slug}">{escape(title)}</title>',
        f'<desc id="d-{slug}">{escape(desc) or "no data"}</desc>',
        f'<line x1="{pad}" y1="{base}" x2="{WIDTH - pad}" y2="{base}" stroke="#555"/>',
        f'<text x="{pad}" y="12" font-size="11" fill="#111">max {top}</text>',
    ]
    every = max(1, n // 8)
    for i, (label, value) in enumerate(items):
        x = pad + i * step
        h = 0 if value is None else round((base - 20) * value / top)
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{base - h}" width="{max(step - 2, 1):.1f}" '
            f'height="{h}" fill="{BAR}"/>'
        )
        if i % every == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{base + 16}" font-size="11" fill="#111">'
                f"{escape(label)}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
