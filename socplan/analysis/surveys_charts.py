"""Horizontal bar charts of survey results, as inline SVG (the generic charts of
:mod:`socplan.core.charts` draw vertical bars of series; answers have long Czech labels,
which read best beside horizontal bars, also on a phone).

One bar per answer with its label on the left and the value on the right; the SVG has a
title and a description (``role="img"``) and no inline styles (the Content-Security-Policy
forbids them): colours are presentation attributes. A chart always stands beside a table
with the same numbers.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from socplan.core.charts import PALETTE

BAR_COLOUR = PALETTE[0]
TEXT_COLOUR = "#1a1a1a"
GRID_COLOUR = "#767676"


@dataclass
class BarItem:
    label: str
    value: float
    value_label: str


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def horizontal_bars(
    items: list[BarItem],
    *,
    title: str,
    description: str = "",
    maximum: float | None = None,
    width: int = 560,
    row_height: int = 26,
    label_width: int = 220,
    font_size: int = 13,
    element_id: str = "chart",
) -> SafeString:
    """An SVG of horizontal bars (``maximum`` defaults to the largest value; give 100 for
    percentages). Returns markup safe to put into a page."""
    top = 6
    height = top + row_height * max(len(items), 1) + 6
    value_width = 90
    plot_width = max(width - label_width - value_width, 40)
    largest = maximum if maximum else max((item.value for item in items), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{element_id}-t {element_id}-d" '
        f'font-family="sans-serif" font-size="{font_size}">',
        f'<title id="{element_id}-t">{escape(title)}</title>',
        f'<desc id="{element_id}-d">{escape(description or title)}</desc>',
        f'<line x1="{label_width}" y1="{top - 2}" x2="{label_width}" y2="{height - 4}" '
        f'stroke="{GRID_COLOUR}" stroke-width="1"/>',
    ]
    max_chars = max(int(label_width / (font_size * 0.55)) - 1, 8)
    for index, item in enumerate(items):
        y = top + index * row_height
        bar = max(plot_width * (item.value / largest), 0) if largest else 0
        middle = y + row_height / 2 + font_size * 0.35
        parts.append(
            f'<text x="{label_width - 6}" y="{middle:.1f}" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">{escape(_shorten(item.label, max_chars))}</text>'
        )
        parts.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{bar:.1f}" '
            f'height="{row_height - 8}" fill="{BAR_COLOUR}"/>'
        )
        parts.append(
            f'<text x="{label_width + bar + 5:.1f}" y="{middle:.1f}" '
            f'fill="{TEXT_COLOUR}">{escape(item.value_label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


def data_uri(svg: str) -> str:
    """The SVG for an ``<img src>`` of a printed document."""
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(str(svg).encode()).decode()
