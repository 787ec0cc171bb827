"""SVG charts for the casebook's overview, drawn at build time (no JavaScript, no network).

Pure functions: data in, SVG text out. Every chart is readable in black and
white: each bar carries its label and value in text, and the timeline tells
ongoing from ended partnerships by a hatch pattern and an arrow, not by colour.
Labels are contributor text, so everything printed is XML-escaped here.

The SVG is embedded in the casebook as a ``data:`` URL on an ``<img>`` with the
same alt text, which keeps the tagged PDF's Figure/Alt structure simple.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

# Geometry in SVG user units (1 unit = 1 pt when the image is 1 pt per unit wide).
WIDTH = 440
ROW = 15
BAR = 10
FONT = "'Casebook Sans', sans-serif"
INK = "#1d1d1b"
ACCENT = "#0b5f73"
# The approximate advance of one character of Casebook Sans at 7.5 pt; used only
# to reserve space for labels, never to measure exactly.
CHAR = 3.7
LABEL_SIZE = 7.5
MAX_LABEL = 46


@dataclass(frozen=True)
class Span:
    """One partnership on the timeline: a label and its years (end None = ongoing)."""

    label: str
    start: int
    end: int | None


def _short(text: str, limit: int = MAX_LABEL) -> str:
    """Cut a label to `limit` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,:;–-")
    return cut + "…"


def _svg(width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    """Wrap chart elements in an accessible SVG root (role=img, aria-label, title, desc)."""
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'aria-label={quoteattr(title)} width="{width:g}" height="{height:g}" '
            f'viewBox="0 0 {width:g} {height:g}" font-family="{FONT}">',
            f"<title>{escape(title)}</title>",
            f"<desc>{escape(desc)}</desc>",
            "<defs>",
            '<pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)">',
            f'<rect width="4" height="4" fill="white"/>'
            f'<line x1="0" y1="0" x2="0" y2="4" stroke="{ACCENT}" stroke-width="1.6"/>',
            "</pattern>",
            "</defs>",
            *body,
            "</svg>",
        ]
    )


def bar_chart(items: Sequence[tuple[str, int]], *, title: str, desc: str = "") -> str:
    """Horizontal bars, one per (label, count), in the order given; the count is printed
    at the end of each bar so the chart reads without colour or a scale."""
    items = [(label, count) for label, count in items if count > 0]
    label_w = min(MAX_LABEL, max((len(label) for label, _ in items), default=4)) * CHAR + 8
    top = 4
    height = top + ROW * max(len(items), 1) + 4
    most = max((count for _, count in items), default=1)
    scale = (WIDTH - label_w - 24) / most
    body: list[str] = []
    for i, (label, count) in enumerate(items):
        y = top + i * ROW
        w = max(count * scale, 1.5)
        body.append(
            f'<text x="{label_w - 6:g}" y="{y + BAR - 1.5:g}" font-size="{LABEL_SIZE}" '
            f'text-anchor="end" fill="{INK}">{escape(_short(label))}</text>'
        )
        body.append(
            f'<rect x="{label_w:g}" y="{y:g}" width="{w:.1f}" height="{BAR}" fill="{ACCENT}"/>'
        )
        body.append(
            f'<text x="{label_w + w + 3:.1f}" y="{y + BAR - 1.5:g}" font-size="{LABEL_SIZE}" '
            f'font-weight="600" fill="{INK}">{count}</text>'
        )
    if not desc:
        desc = "; ".join(f"{label}: {count}" for label, count in items)
    return _svg(WIDTH, height, title, desc, body)


def timeline(
    spans: Sequence[Span],
    *,
    title: str,
    until: int,
    ongoing_label: str = "ongoing",
    ended_label: str = "ended",
    desc: str = "",
) -> str:
    """One bar per partnership from its start year to its end year (inclusive); an
    ongoing one runs to `until`, is hatched and ends in an arrow. Year ticks below,
    a legend in words above."""
    if not spans:
        return _svg(WIDTH, 20, title, desc or title, [])
    first = min(s.start for s in spans)
    last = max(max(s.end or until, s.start) for s in spans)
    last = max(last, until if any(s.end is None for s in spans) else last)
    label_w = min(MAX_LABEL, max(len(s.label) for s in spans)) * CHAR + 8
    top = 18
    plot_w = WIDTH - label_w - 10
    year_w = plot_w / (last - first + 1)
    body: list[str] = [
        # The legend: words and the two fills, so it reads in black and white.
        f'<rect x="{label_w:g}" y="2" width="14" height="7" fill="{ACCENT}"/>',
        f'<text x="{label_w + 18:g}" y="8.5" font-size="7" fill="{INK}">'
        f"{escape(ended_label)}</text>",
        f'<rect x="{label_w + 80:g}" y="2" width="14" height="7" fill="url(#hatch)" '
        f'stroke="{ACCENT}" stroke-width="0.6"/>',
        f'<text x="{label_w + 98:g}" y="8.5" font-size="7" fill="{INK}">'
        f"{escape(ongoing_label)} →</text>",
    ]
    for i, span in enumerate(spans):
        y = top + i * ROW
        end = span.end if span.end is not None else until
        x = label_w + (span.start - first) * year_w
        w = max((max(end, span.start) - span.start + 1) * year_w, 2)
        if span.end is None:
            years = f"{span.start}–"
        else:  # one year is one year, not "2011–2011"
            years = str(span.start) if span.end == span.start else f"{span.start}–{span.end}"
        body.append(
            f'<text x="{label_w - 6:g}" y="{y + BAR - 1.5:g}" font-size="{LABEL_SIZE}" '
            f'text-anchor="end" fill="{INK}">{escape(_short(span.label))}</text>'
        )
        if span.end is None:
            body.append(
                f'<rect x="{x:.1f}" y="{y:g}" width="{w:.1f}" height="{BAR}" '
                f'fill="url(#hatch)" stroke="{ACCENT}" stroke-width="0.6"/>'
            )
            tip = x + w
            body.append(
                f'<path d="M{tip:.1f},{y - 1:g} L{tip + 5:.1f},{y + BAR / 2:g} '
                f'L{tip:.1f},{y + BAR + 1:g} Z" fill="{ACCENT}"/>'
            )
        else:
            body.append(
                f'<rect x="{x:.1f}" y="{y:g}" width="{w:.1f}" height="{BAR}" fill="{ACCENT}"/>'
            )
        # The years in words inside or beside the bar: the value without reading the axis.
        inside = w > 34
        tx = x + 3 if inside else x + w + (8 if span.end is None else 3)
        if not inside and tx + 30 > WIDTH:
            tx = x - 3
            anchor = "end"
        else:
            anchor = "start"
        colour = "white" if inside and span.end is not None else INK
        weight = ' font-weight="600"' if inside and span.end is None else ""
        if inside and span.end is None:
            # The hatching must not run through the years: a plain ground behind them.
            body.append(
                f'<rect class="ground" x="{tx - 1.5:.1f}" y="{y + 1.5:g}" '
                f'width="{len(years) * CHAR + 3:.1f}" height="{BAR - 3:g}" fill="white"/>'
            )
        body.append(
            f'<text x="{tx:.1f}" y="{y + BAR - 2:g}" font-size="6.5" fill="{colour}"{weight} '
            f'text-anchor="{anchor}">{years}</text>'
        )
    axis_y = top + len(spans) * ROW + 2
    body.append(
        f'<line x1="{label_w:g}" y1="{axis_y:g}" x2="{label_w + plot_w:g}" y2="{axis_y:g}" '
        f'stroke="{INK}" stroke-width="0.5"/>'
    )
    step = next(s for s in (1, 2, 5, 10, 20, 50) if (last - first) / s <= 12)
    for year in range(first - first % step, last + 1, step):
        if year < first:
            continue
        x = label_w + (year - first) * year_w
        body.append(
            f'<line x1="{x:.1f}" y1="{axis_y:g}" x2="{x:.1f}" y2="{axis_y + 3:g}" '
            f'stroke="{INK}" stroke-width="0.5"/>'
            f'<text x="{x:.1f}" y="{axis_y + 10:g}" font-size="6.5" text-anchor="middle" '
            f'fill="{INK}">{year}</text>'
        )
    if not desc:
        desc = "; ".join(
            f"{s.label}: "
            + (str(s.start) if s.end == s.start else f"{s.start}–{s.end or ongoing_label}")
            for s in spans
        )
    return _svg(WIDTH, axis_y + 14, title, desc, body)


def data_url(svg: str) -> str:
    """An SVG document as a ``data:`` URL (the sandboxed fetcher allows these)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
