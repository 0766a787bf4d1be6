"""Bar charts drawn on the server as inline SVG (no JavaScript).

The chart is a picture of a table shown beside it: a ``<figure>`` whose visible
``<figcaption>`` names it, and whose SVG (``role="img"``) is labelled by that caption and
described by its ``<desc>``, which reads out every bar's figure as text. A hidden figure draws no
bar, only its "<5" label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from plugins.municipality.insight.suppression import shown

WIDTH = 640
HEIGHT = 220
TOP = 20
BOTTOM = 30
LEFT = 10


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: suppressed


def bar_chart(chart_id: str, title: str, description: str, bars: Sequence[Bar]) -> Markup:
    """A figure with an SVG bar chart and its caption; every text in it is escaped."""
    plot_height = HEIGHT - TOP - BOTTOM
    highest = max((bar.value or 0 for bar in bars), default=0) or 1
    slot = (WIDTH - 2 * LEFT) / max(len(bars), 1)
    figures = "; ".join(f"{bar.label}: {shown(bar.value)}" for bar in bars)
    parts = [
        '<figure class="chart">',
        f'<figcaption id="{chart_id}-title">{escape(title)}</figcaption>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' role="img" aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc">',
        f'<desc id="{chart_id}-desc">{escape(description)} {escape(figures)}</desc>',
        f'<line x1="{LEFT}" y1="{TOP + plot_height}" x2="{WIDTH - LEFT}"'
        f' y2="{TOP + plot_height}" stroke="currentColor"/>',
    ]
    for index, bar in enumerate(bars):
        x = LEFT + index * slot
        height = round((bar.value or 0) / highest * plot_height, 1)
        y = TOP + plot_height - height
        centre = round(x + slot / 2, 1)
        if bar.value:
            parts.append(
                f'<rect x="{round(x + slot * 0.15, 1)}" y="{y}" width="{round(slot * 0.7, 1)}"'
                f' height="{height}" fill="currentColor" opacity="0.6"/>'
            )
        parts.append(
            f'<text x="{centre}" y="{round(y - 4, 1)}" text-anchor="middle"'
            f' font-size="11">{escape(shown(bar.value))}</text>'
        )
        parts.append(
            f'<text x="{centre}" y="{HEIGHT - 10}" text-anchor="middle"'
            f' font-size="11">{escape(bar.label)}</text>'
        )
    parts.append("</svg></figure>")
    # Every text above went through `escape`; the rest is numbers and fixed markup.
    return Markup("".join(parts))  # noqa: S704
