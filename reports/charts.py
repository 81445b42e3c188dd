"""Charts drawn on the server as plain SVG: the dashboard shows them in the page and the review
PDFs embed the same markup, so they keep to what every renderer draws alike (rect, line, polyline,
text; no CSS variables, no scripts, no foreignObject). Black and grey with one accent colour, so
they stay readable when printed in black and white; numbers as the active language writes them
(96,9% in Vietnamese). Every label can come from user data and is escaped."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from friendly_gov.templatetags.vn import number as format_number
from friendly_gov.templatetags.vn import percent as format_percent

ACCENT = "#a1241b"  # the portal's brand red
SECONDARY = "#8c8c8c"
INK = "#000000"
MUTED = "#555555"
GRID = "#d0d0d0"
FONT = "'Friendly Gov Serif', serif"  # static/fonts/liberation-serif, by @font-face in app.css and the PDFs
MISSING = "—"  # a value nobody reported: drawn as a gap, never as a zero
WIDTH = 640
LABEL_CHARS = 32

Value = float | int | None


def value_text(value: Value, *, percent: bool) -> str:
    """A value as its label: "96,9%" for a ratio, "1.336" for a count, "—" when missing."""
    if value is None:
        return MISSING
    if percent:
        return format_percent(value)
    if float(value).is_integer():
        return format_number(int(value))
    # Django's number format cuts the digits off; round first, as the percent filter does.
    return format_number(round(float(value), 1), 1)


def _fmt(x: float) -> str:
    # Coordinates are written the SVG way whatever the language: 12.5, never 12,5.
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _clip(label: str, chars: int = LABEL_CHARS) -> str:
    return label if len(label) <= chars else label[: chars - 1].rstrip() + "…"


def _text(x: float, y: float, content: str, *, anchor: str = "start", size: int = 15, fill: str = INK) -> str:
    return (
        f'<text x="{_fmt(x)}" y="{_fmt(y)}" text-anchor="{anchor}" font-size="{size}" '
        f'font-family="{FONT}" fill="{fill}">{escape(content)}</text>'
    )


def _svg(*, height: float, title: str, desc: str, body: list[str], key: str) -> SafeString:
    chart_id = "chart-" + hashlib.blake2s(key.encode(), digest_size=5).hexdigest()
    return mark_safe(  # noqa: S308 - every text inserted above went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_fmt(height)}" '
        # No width/height attributes: the page sizes the chart and the viewBox keeps its shape
        # (WeasyPrint would keep the attribute height and leave a gap under a narrowed chart). No
        # style attribute either (the pages' Content-Security-Policy refuses inline styles): the
        # `chart` class is sized by static/css/app.css in the pages and by the PDF's stylesheet.
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        f'<rect x="0" y="0" width="{WIDTH}" height="{_fmt(height)}" fill="#ffffff"/>'
        + "".join(body)
        + "</svg>"
    )


def _summary(items: Sequence[tuple[str, Value]], *, percent: bool) -> str:
    return "; ".join(f"{label}: {value_text(value, percent=percent)}" for label, value in items)


def _scale_max(values: Sequence[Value], *, percent: bool, max_value: float | None) -> float:
    if max_value:
        return float(max_value)
    if percent:
        return 1.0
    present = [float(v) for v in values if v is not None]
    return max(present, default=0.0) or 1.0


def bar_chart(
    items: Sequence[tuple[str, Value]],
    *,
    percent: bool,
    max_value: float | None = None,
    title: str = "",
    desc: str = "",
    highlight: int | None = None,
) -> SafeString:
    """Horizontal bars, one a row, the label on the left and the value at the bar's end.
    Ratios (percent=True) are drawn against 100%; counts against the largest value unless
    `max_value` is given. `highlight` draws one row in the accent colour, the others grey;
    without it every bar has the accent colour."""
    row, top, label_width, value_width = 30, 12, 250, 80
    plot = WIDTH - label_width - value_width - 10
    height = top * 2 + row * max(len(items), 1)
    scale = _scale_max([v for _, v in items], percent=percent, max_value=max_value)
    body = [
        f'<line x1="{label_width}" y1="{top - 4}" x2="{label_width}" y2="{_fmt(height - top + 4)}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    ]
    if percent:
        for fraction in (0.25, 0.5, 0.75, 1.0):
            x = label_width + plot * fraction
            body.append(
                f'<line x1="{_fmt(x)}" y1="{top - 4}" x2="{_fmt(x)}" y2="{_fmt(height - top + 4)}" '
                f'stroke="{GRID}" stroke-width="1" stroke-dasharray="3 3"/>'
            )
    for index, (label, value) in enumerate(items):
        y = top + row * index
        middle = y + row / 2 + 5
        label = str(label)
        body.append(_text(label_width - 8, middle, _clip(label), anchor="end"))
        if value is None:
            body.append(_text(label_width + 6, middle, MISSING, fill=MUTED))
            continue
        width = plot * max(float(value), 0.0) / scale
        text = value_text(value, percent=percent)
        colour = ACCENT if highlight is None or highlight == index else SECONDARY
        body.append(
            f'<rect x="{label_width}" y="{_fmt(y + 6)}" width="{_fmt(width)}" height="{row - 12}" '
            f'fill="{colour}"><title>{escape(label)}: {escape(text)}</title></rect>'
        )
        body.append(_text(label_width + width + 6, middle, text))
    title = title or _("Biểu đồ cột")
    return _svg(
        height=height,
        title=title,
        desc=desc or _summary(items, percent=percent),
        body=body,
        key=f"bar|{title}|{items!r}",
    )


def line_chart(
    points: Sequence[tuple[str, Value]],
    *,
    percent: bool,
    max_value: float | None = None,
    title: str = "",
    desc: str = "",
) -> SafeString:
    """A line over evenly spaced periods (years), each point labelled with its value. A missing
    value breaks the line and is labelled "—" on the axis. The axis starts at zero."""
    height, left, right, top, bottom = 250, 64, 28, 28, 36
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    scale = _scale_max([v for _, v in points], percent=percent, max_value=max_value)
    # Each period sits in the middle of its slot, away from the axis labels.
    step = plot_w / max(len(points), 1)
    base = top + plot_h
    body = []
    dashed = ' stroke-dasharray="3 3"'
    for fraction in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = base - plot_h * fraction
        body.append(
            f'<line x1="{left}" y1="{_fmt(y)}" x2="{WIDTH - right}" y2="{_fmt(y)}" '
            f'stroke="{MUTED if fraction == 0 else GRID}" stroke-width="1"{"" if fraction == 0 else dashed}/>'
        )
        body.append(
            _text(left - 6, y + 4, value_text(scale * fraction, percent=percent), anchor="end", size=13)
        )

    def x_of(index: int) -> float:
        return left + step * (index + 0.5)

    segments: list[list[tuple[float, float]]] = [[]]
    for index, (label, value) in enumerate(points):
        x = x_of(index)
        body.append(_text(x, height - 12, str(label), anchor="middle", size=14))
        if value is None:
            segments.append([])
            body.append(_text(x, base - 6, MISSING, anchor="middle", fill=MUTED))
            continue
        y = base - plot_h * max(float(value), 0.0) / scale
        segments[-1].append((x, y))
    for segment in segments:
        if len(segment) > 1:
            coordinates = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in segment)
            body.append(
                f'<polyline points="{coordinates}" fill="none" stroke="{ACCENT}" stroke-width="2.5"/>'
            )
    for index, (label, value) in enumerate(points):
        if value is None:
            continue
        x, y = x_of(index), base - plot_h * max(float(value), 0.0) / scale
        text = value_text(value, percent=percent)
        body.append(
            f'<rect x="{_fmt(x - 3.5)}" y="{_fmt(y - 3.5)}" width="7" height="7" fill="{ACCENT}">'
            f"<title>{escape(str(label))}: {escape(text)}</title></rect>"
        )
        body.append(_text(x, y - 8, text, anchor="middle", size=14))
    title = title or _("Biểu đồ đường")
    return _svg(
        height=height,
        title=title,
        desc=desc or _summary(points, percent=percent),
        body=body,
        key=f"line|{title}|{points!r}",
    )


def column_chart(
    columns: Sequence[tuple[str, Sequence[Value]]],
    *,
    series: Sequence[str],
    notes: Sequence[str | None] | None = None,
    title: str = "",
    desc: str = "",
) -> SafeString:
    """Stacked columns of counts, one a period (rollout a year: pilots in the accent colour,
    rollouts in grey), the column's total inside the top and an optional note (the cumulative
    share) above it, with a legend."""
    height, left, right, top, bottom = 270, 20, 20, 60, 36
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    totals = [sum(float(v) for v in values if v is not None) for _, values in columns]
    scale = max(totals, default=0.0) or 1.0
    slot = plot_w / max(len(columns), 1)
    bar = min(slot * 0.6, 64)
    base = top + plot_h
    fills = [ACCENT, SECONDARY, "#c8c8c8", "#3a3a3a"]
    body = [
        f'<line x1="{left}" y1="{base}" x2="{WIDTH - right}" y2="{base}" stroke="{MUTED}" stroke-width="1"/>'
    ]
    legend_x = left
    for index, name in enumerate(series):
        body.append(f'<rect x="{legend_x}" y="8" width="14" height="14" fill="{fills[index % len(fills)]}"/>')
        body.append(_text(legend_x + 19, 20, str(name), size=14))
        legend_x += 34 + 8 * len(str(name))
    described = []
    for index, (label, values) in enumerate(columns):
        x = left + slot * index + (slot - bar) / 2
        y = base
        parts = []
        for part, value in enumerate(values):
            name = str(series[part]) if part < len(series) else ""
            parts.append(f"{name} {value_text(value, percent=False)}")
            if not value:
                continue
            h = plot_h * float(value) / scale
            y -= h
            body.append(
                f'<rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(bar)}" height="{_fmt(h)}" '
                f'fill="{fills[part % len(fills)]}"><title>{escape(str(label))} – {escape(name)}: '
                f"{escape(value_text(value, percent=False))}</title></rect>"
            )
        total = totals[index] if any(v is not None for v in values) else None
        body.append(_text(x + bar / 2, y - 6, value_text(total, percent=False), anchor="middle", size=14))
        note = notes[index] if notes and index < len(notes) else None
        if note:
            body.append(_text(x + bar / 2, y - 22, str(note), anchor="middle", size=13, fill=MUTED))
        body.append(_text(x + bar / 2, height - 12, str(label), anchor="middle", size=14))
        described.append(f"{label}: {', '.join(parts)}" + (f" ({note})" if note else ""))
    title = title or _("Biểu đồ cột")
    return _svg(
        height=height,
        title=title,
        desc=desc or "; ".join(described),
        body=body,
        key=f"column|{title}|{columns!r}|{notes!r}",
    )
