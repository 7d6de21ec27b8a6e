"""Charts of printed documents, as small SVG images made from a template
(``documents/charts/bars.svg``): no plotting library, vector output that stays sharp in
print, and text that a PDF reader can search.

A chart is drawn only where the data is a series: costs by year (stacked by funding source)
and an indicator's baseline and targets by year. Every chart has a text alternative and
stands beside the table with the same numbers.
"""

import base64
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .typography import format_number

# Okabe–Ito: told apart by people with any common colour vision deficiency, and in grey.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999", "#F0E442"]


@dataclass
class Segment:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass
class Bar:
    label: str
    x: float  # the centre of the bar
    top: float
    total_label: str
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Chart:
    title: str
    description: str  # the text alternative
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[float, str]]  # (y, label)
    legend: list[tuple[str, str, float]]  # (colour, label, y)
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    font_size: float
    legend_x: float = 0

    @property
    def tick_x(self) -> float:
        return self.plot_left - 4

    @property
    def legend_text_x(self) -> float:
        return self.legend_x + self.font_size + 5

    @property
    def svg(self) -> str:
        return render_to_string("documents/charts/bars.svg", {"chart": self})

    @property
    def data_uri(self) -> str:
        """The chart for an ``<img src>`` of a printed document."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def nice_ticks(maximum: float, count: int = 4) -> list[float]:
    """Round steps from 0 up to at least ``maximum``: 0, 5 000, 10 000, ..."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [0.0]
    while ticks[-1] < maximum:
        ticks.append(ticks[-1] + step)
    return ticks


def _as_float(value) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(Decimal(str(value).replace("\u00a0", "").replace(" ", "").replace(",", ".")))
    except ArithmeticError:
        return None
    except ValueError:
        return None


def bar_chart(
    *,
    title: str,
    categories: list[str],
    series: list[tuple[str, list]],
    unit: str = "",
    width: int = 640,
    height: int = 240,
    legend: bool = True,
    font_size: float = 10,
) -> Chart | None:
    """Bars per category, stacked by series (one series: plain bars). Series whose values
    are all zero are left out of the bars and the legend. None when there is nothing to
    draw (no category with a value)."""
    values = [[_as_float(v) or 0.0 for v in vals] for _label, vals in series]
    used = [i for i, vals in enumerate(values) if any(vals)]
    totals = [sum(values[i][c] for i in used) for c in range(len(categories))]
    if not categories or not any(totals):
        return None
    legend_width = 170 if legend and len(used) > 1 else 0
    plot_left = font_size * 0.62 * (len(format_number(max(totals))) + 2) + 4
    plot_right = width - legend_width - 8
    plot_top = font_size * 1.8
    plot_bottom = height - font_size * 2.2
    ticks = nice_ticks(max(totals))
    top_value = ticks[-1]

    def y_of(value: float) -> float:
        return plot_bottom - (plot_bottom - plot_top) * value / top_value

    slot = (plot_right - plot_left) / len(categories)
    bar_width = min(slot * 0.6, 60)
    bars = []
    for c, label in enumerate(categories):
        centre = plot_left + slot * (c + 0.5)
        bar = Bar(
            label=label,
            x=centre,
            top=y_of(totals[c]),
            total_label=format_number(round(totals[c], 2)),
        )
        base = 0.0
        for i in used:
            value = values[i][c]
            if not value:
                continue
            y_top, y_bottom = y_of(base + value), y_of(base)
            bar.segments.append(
                Segment(
                    x=centre - bar_width / 2,
                    y=y_top,
                    width=bar_width,
                    height=y_bottom - y_top,
                    colour=PALETTE[i % len(PALETTE)] if len(used) > 1 else PALETTE[0],
                    title=f"{series[i][0]} {label}: {format_number(round(value, 2))} {unit}",
                )
            )
            base += value
        bars.append(bar)
    legend_rows = []
    if legend_width:
        for row, i in enumerate(used):
            legend_rows.append(
                (PALETTE[i % len(PALETTE)], series[i][0], plot_top + row * font_size * 1.6)
            )
    parts = [
        f"{label}: {format_number(round(totals[c], 2))} {unit}".strip()
        for c, label in enumerate(categories)
    ]
    description = _("%(title)s. %(values)s.") % {"title": title, "values": "; ".join(parts)}
    return Chart(
        title=title,
        description=description,
        width=width,
        height=height,
        bars=bars,
        ticks=[(y_of(t), format_number(t)) for t in ticks],
        legend=legend_rows,
        legend_x=plot_right + 16,
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        font_size=font_size,
    )


def costs_by_year_chart(finance) -> Chart | None:
    """Costs of a plan by year, stacked by funding source (the table "costs by year and
    funding source" as a chart). None for a plan of one year or without costs."""
    if len(finance.years) < 2:
        return None
    return bar_chart(
        title=_("Costs by year and funding source (CZK)"),
        categories=[str(y) for y in finance.years],
        series=[
            (label, [finance.amount(year=y, source=source) for y in finance.years])
            for source, label in finance.sources
        ],
        unit=_("CZK"),
    )


def indicator_chart(indicator, years: list[int]) -> Chart | None:
    """An indicator's baseline and its targets by year, when they make a series (at least
    two numbers)."""
    categories, values = [], []
    baseline = _as_float(indicator.baseline)
    if baseline is not None:
        categories.append(_("baseline"))
        values.append(baseline)
    for year in years:
        target = _as_float(indicator.target_for(year))
        if target is not None:
            categories.append(str(year))
            values.append(target)
    if len(values) < 2:
        return None
    measure = getattr(indicator, "measure", None)
    name = f"{measure.code} {indicator.name}" if measure is not None else indicator.name
    title = f"{name} ({indicator.unit})" if indicator.unit else name
    chart = bar_chart(
        title=title,
        categories=categories,
        series=[(indicator.name, values)],
        unit=indicator.unit,
        width=300,
        height=150,
        legend=False,
        font_size=9,
    )
    return chart
