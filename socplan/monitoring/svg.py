"""Small SVG charts of the monitoring's web pages (progress bars; an indicator's actual
values against its targets), drawn from a template with the numbers precomputed here. Each
chart has a title and a text alternative and stands beside a table with the same numbers;
printed documents use :mod:`socplan.documents.charts`."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from socplan.core.charts import wrap_label

from .rollup import percent_shown

ACTUAL = "#0072B2"
TARGET = "#999999"


@dataclass
class HBar:
    lines: list[tuple[float, str]]  # (y, text): the label, wrapped to the chart's width
    y: float  # the top of the bar
    width: float
    value_label: str

    @property
    def label(self) -> str:
        return " ".join(text for _y, text in self.lines)

    @property
    def value_y(self) -> float:
        return self.y + 10.5


@dataclass
class ProgressChart:
    title: str
    description: str
    width: int
    height: int
    bar_left: int
    bar_width: int
    rows: list[HBar]
    font_size: int = 12

    @property
    def end_x(self) -> int:
        return self.bar_left + self.bar_width


def _fmt(value, places=0) -> str:
    return number_format(value, places, use_l10n=True, force_grouping=True)


def percent_label(value) -> str:
    """A percentage as the charts and the tables beside them show it (one rounding)."""
    shown = percent_shown(value)
    return "–" if shown is None else f"{_fmt(shown)} %"


def progress_bars(rows: list[tuple[str, float | None]], *, title: str) -> ProgressChart | None:
    """One horizontal bar per row (0–100 %), the label above it, wrapped onto as many
    lines as it needs (never cut off)."""
    if not rows or all(v is None for _l, v in rows):
        return None
    bar_left, bar_width, font_size = 4, 320, 12
    width = bar_left + bar_width + 60
    line_height, bar_height, gap = font_size * 1.25, 12, 10
    bars = []
    parts = []
    y = 0.0
    for label, value in rows:
        shown = percent_label(value)
        lines = []
        for text in wrap_label(label, width=width - bar_left - 4, font_size=font_size):
            y += line_height
            lines.append((round(y, 1), text))
        bars.append(
            HBar(
                lines=lines,
                y=round(y + 4, 1),
                width=0 if value is None else max(0.0, min(value, 100.0)) / 100 * bar_width,
                value_label=shown,
            )
        )
        y += 4 + bar_height + gap
        parts.append(f"{label}: {shown}")
    return ProgressChart(
        title=title,
        description=_("%(title)s. %(values)s.") % {"title": title, "values": "; ".join(parts)},
        width=width,
        height=int(y) + 4,
        bar_left=bar_left,
        bar_width=bar_width,
        rows=bars,
        font_size=font_size,
    )


@dataclass
class VBar:
    x: float
    y: float
    height: float
    colour: str
    title: str


@dataclass
class IndicatorChart:
    title: str
    description: str
    width: int
    height: int
    baseline_y: float
    bars: list[VBar] = field(default_factory=list)
    labels: list[tuple[float, str]] = field(default_factory=list)
    legend: list[tuple[float, str, str]] = field(default_factory=list)


def indicator_bars(row, years: list[int]) -> IndicatorChart | None:
    """An indicator's target (grey) and actual value (blue) for each monitored year, after
    its baseline; cumulative indicators show the running totals."""
    indicator = row.indicator
    categories: list[tuple[str, Decimal | None, Decimal | None]] = []
    if indicator.baseline is not None:
        categories.append((_("baseline"), None, indicator.baseline))
    from .rollup import target_to_date, value_to_date

    for year in years:
        categories.append(
            (
                str(year),
                target_to_date(indicator.targets, year, row.aggregation),
                value_to_date(row.values_by_year, year, row.aggregation),
            )
        )
    numbers = [float(v) for _l, t, a in categories for v in (t, a) if v is not None]
    if len([c for c in categories if c[2] is not None]) < 1 or not numbers or max(numbers) <= 0:
        return None
    top = max(numbers) * 1.1
    width, height, bottom, plot_top = 360, 170, 140, 14
    slot = (width - 20) / len(categories)
    bar = min(slot * 0.35, 28)
    chart = IndicatorChart(
        title=f"{indicator.measure.code} {indicator.name}"
        + (f" ({indicator.unit})" if indicator.unit else ""),
        description="",
        width=width,
        height=height,
        baseline_y=bottom,
    )
    parts = []
    for index, (label, target, actual) in enumerate(categories):
        centre = 10 + slot * (index + 0.5)
        for offset, value, colour, name in (
            (-bar, target, TARGET, _("target")),
            (0, actual, ACTUAL, _("actual")),
        ):
            if value is None:
                continue
            h = float(value) / top * (bottom - plot_top) if value > 0 else 0
            chart.bars.append(
                VBar(
                    x=centre + offset,
                    y=bottom - h,
                    height=h,
                    colour=colour,
                    title=f"{label}, {name}: {_fmt(value, 2 if value % 1 else 0)}",
                )
            )
            parts.append(f"{label} {name} {_fmt(value, 2 if value % 1 else 0)}")
        chart.labels.append((centre, label))
    chart.legend = [(10, TARGET, _("target")), (110, ACTUAL, _("actual"))]
    chart.bar_width = bar
    chart.description = _("%(title)s. %(values)s.") % {
        "title": chart.title,
        "values": "; ".join(parts),
    }
    return chart
