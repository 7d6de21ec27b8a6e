"""Charts as small SVG images made from templates (``core/charts/*.svg``): no plotting
library, vector output that stays sharp on screen and in print, and text that a PDF reader
can search. Every chart has a text alternative (``title``/``desc``) and is shown beside a
table with the same numbers.

Generic helpers shared by the apps that draw charts (analysis pages, printed documents):
:func:`bar_chart`, :func:`pyramid_chart`, :func:`choropleth_map`.
"""

import base64
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .numbers import format_number

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
        return render_to_string("core/charts/bars.svg", {"chart": self})

    @property
    def data_uri(self) -> str:
        """The chart for an ``<img src>`` of a printed document."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def wrap_label(text: str, *, width: float, font_size: float) -> list[str]:
    """A label of a chart as lines that fit ``width`` (in the chart's units) at
    ``font_size``: SVG does not wrap text, so a long name (e.g. of a priority) is broken at
    spaces instead of running past the edge. Every word is kept (a word longer than a line
    stands on a line of its own)."""
    import textwrap

    # 0.6 em is a generous mean width of a character of a sans-serif font with diacritics
    per_line = max(int(width / (font_size * 0.6)), 8)
    return textwrap.wrap(
        " ".join(str(text).split()), per_line, break_long_words=False, break_on_hyphens=False
    ) or [""]


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


# --------------------------------------------------------------------------- SVG helpers


def _esc(text) -> str:
    from django.utils.html import escape

    return escape(str(text))


@dataclass
class Svg:
    """A chart drawn directly as SVG text, with its text alternative."""

    title: str
    description: str
    svg: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def _svg_open(width: float, height: float, title: str, description: str, font_size=10) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" '
        f'font-family="DejaVu Sans, Noto Sans, sans-serif" font-size="{font_size}">'
        f"<title>{_esc(title)}</title><desc>{_esc(description)}</desc>"
    )


def pyramid_chart(
    *,
    title: str,
    labels: list[str],
    men: list[int],
    women: list[int],
    comparison: tuple[str, list[float], list[float]] | None = None,
    men_label: str = "",
    women_label: str = "",
    width: int = 560,
    font_size: float = 10,
) -> Svg | None:
    """A population pyramid: per age band (youngest first in the lists, drawn at the
    bottom), men to the left and women to the right, as percent of the whole population so
    that areas of any size compare. ``comparison`` = (label, men %, women %) is drawn as
    a black outline (e.g. Czechia). None without population."""
    total = sum(men) + sum(women)
    if not total or not labels:
        return None
    men_pct = [100 * v / total for v in men]
    women_pct = [100 * v / total for v in women]
    top = max(
        men_pct + women_pct + (list(comparison[1]) + list(comparison[2]) if comparison else [])
    )
    row = font_size * 1.6
    label_width = font_size * 4.2
    plot_top = font_size * 2.2
    height = plot_top + row * len(labels) + font_size * 3.2
    half = (width - label_width) / 2 - 10
    centre_left = half + 5
    centre_right = centre_left + label_width

    def scale(value: float) -> float:
        return (half - 4) * value / top if top else 0

    parts = [
        _svg_open(
            width,
            height,
            title,
            _("%(title)s. Men %(men)s, women %(women)s.")
            % {"title": title, "men": format_number(sum(men)), "women": format_number(sum(women))},
            font_size,
        )
    ]
    parts.append(
        f'<text x="{centre_left - 4:.1f}" y="{font_size * 1.2:.1f}" text-anchor="end" '
        f'fill="#111">{_esc(men_label)}</text>'
        f'<text x="{centre_right + 4:.1f}" y="{font_size * 1.2:.1f}" fill="#111">'
        f"{_esc(women_label)}</text>"
    )
    count = len(labels)
    for i, label in enumerate(labels):
        y = plot_top + row * (count - 1 - i)
        m, w = scale(men_pct[i]), scale(women_pct[i])
        parts.append(
            f'<rect x="{centre_left - m:.1f}" y="{y + 1:.1f}" width="{m:.1f}" '
            f'height="{row - 2:.1f}" fill="{PALETTE[0]}"><title>{_esc(men_label)} {_esc(label)}: '
            f"{format_number(men[i])} ({format_number(round(men_pct[i], 1))} %)</title></rect>"
            f'<rect x="{centre_right:.1f}" y="{y + 1:.1f}" width="{w:.1f}" '
            f'height="{row - 2:.1f}" fill="{PALETTE[1]}"><title>{_esc(women_label)} '
            f"{_esc(label)}: {format_number(women[i])} "
            f"({format_number(round(women_pct[i], 1))} %)</title></rect>"
            f'<text x="{(centre_left + centre_right) / 2:.1f}" y="{y + row / 2:.1f}" dy="0.35em" '
            f'text-anchor="middle" fill="#111">{_esc(label)}</text>'
        )
    if comparison:
        name, cm, cw = comparison
        left = " ".join(
            f"{centre_left - scale(cm[i]):.1f},{plot_top + row * (count - 1 - i) + dy:.1f}"
            for i in range(count)
            for dy in (row, 0)
        )
        right = " ".join(
            f"{centre_right + scale(cw[i]):.1f},{plot_top + row * (count - 1 - i) + dy:.1f}"
            for i in range(count)
            for dy in (row, 0)
        )
        parts.append(
            f'<polyline points="{left}" fill="none" stroke="#111" stroke-width="1.2"/>'
            f'<polyline points="{right}" fill="none" stroke="#111" stroke-width="1.2"/>'
        )
        legend_y = height - font_size * 0.8
        parts.append(
            f'<line x1="10" x2="30" y1="{legend_y - font_size / 3:.1f}" '
            f'y2="{legend_y - font_size / 3:.1f}" stroke="#111" stroke-width="1.2"/>'
            f'<text x="34" y="{legend_y:.1f}" fill="#111">{_esc(name)}</text>'
        )
    axis_y = plot_top + row * count + font_size * 1.2
    for value in (0, top / 2, top):
        rounded = format_number(round(value, 1))
        parts.append(
            f'<text x="{centre_left - scale(value):.1f}" y="{axis_y:.1f}" text-anchor="middle" '
            f'fill="#333">{rounded} %</text>'
            f'<text x="{centre_right + scale(value):.1f}" y="{axis_y:.1f}" '
            f'text-anchor="middle" fill="#333">{rounded} %</text>'
        )
    parts.append("</svg>")
    return Svg(
        title=title,
        description=_("Population pyramid: %(title)s") % {"title": title},
        svg="".join(parts),
    )


# sequential blues (ColorBrewer "Blues"), readable in grey and for colour-blind readers
MAP_CLASSES = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
NO_DATA = "#d9d9d9"


@dataclass
class MapArea:
    code: str
    name: str
    polygons: list  # [[ring of [lon, lat], ...], ...]
    value: float | None
    label: str = ""  # the value as shown


def class_breaks(values: list[float], classes: int = 5) -> list[float]:
    """Upper bounds of quantile classes (at most ``classes``, no duplicates)."""
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return []
    breaks = []
    for k in range(1, classes + 1):
        value = ordered[min(len(ordered) - 1, math.ceil(k * len(ordered) / classes) - 1)]
        if not breaks or value > breaks[-1]:
            breaks.append(value)
    return breaks


def choropleth_map(
    *,
    title: str,
    areas: list[MapArea],
    unit: str = "",
    width: int = 560,
    font_size: float = 10,
    decimals: int = 1,
) -> Svg | None:
    """A map of areas coloured by value in quantile classes, each area with a tooltip
    title; None when no area has a boundary (the page shows its table anyway)."""
    drawn = [a for a in areas if a.polygons]
    if not drawn:
        return None
    xs = [p[0] for a in drawn for poly in a.polygons for ring in poly for p in ring]
    ys = [p[1] for a in drawn for poly in a.polygons for ring in poly for p in ring]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    k = math.cos(math.radians((min_y + max_y) / 2))
    span_x = max((max_x - min_x) * k, 1e-9)
    span_y = max(max_y - min_y, 1e-9)
    legend_height = font_size * 1.8
    map_width = width - 8
    map_height = map_width * span_y / span_x
    if map_height > 480:
        map_height = 480
        map_width = map_height * span_x / span_y
    scale = map_width / span_x
    height = map_height + legend_height + 12

    def project(lon: float, lat: float) -> str:
        return f"{4 + (lon - min_x) * k * scale:.1f} {4 + (max_y - lat) * scale:.1f}"

    breaks = class_breaks([a.value for a in drawn])

    def colour(value):
        if value is None or not breaks:
            return NO_DATA
        for i, upper in enumerate(breaks):
            if value <= upper:
                return MAP_CLASSES[round(i * (len(MAP_CLASSES) - 1) / max(len(breaks) - 1, 1))]
        return MAP_CLASSES[-1]

    described = "; ".join(f"{a.name}: {a.label or _('no data')}" for a in areas)
    parts = [
        _svg_open(width, height, title, f"{title}. {described}.", font_size),
        '<g stroke="#fff" stroke-width="0.6" stroke-linejoin="round">',
    ]
    for area in drawn:
        path = " ".join(
            "M" + " L".join(project(*p) for p in ring) + " Z"
            for poly in area.polygons
            for ring in poly
        )
        shown = area.label or _("no data")
        parts.append(
            f'<path d="{path}" fill="{colour(area.value)}" fill-rule="evenodd">'
            f"<title>{_esc(area.name)}: {_esc(shown)}</title></path>"
        )
    parts.append("</g>")
    # legend: one swatch per class with its range
    x, y = 4.0, map_height + 14
    low = min(a.value for a in drawn if a.value is not None) if breaks else None
    for i, upper in enumerate(breaks):
        text = (
            f"{format_number(round(low, decimals))}–{format_number(round(upper, decimals))}"
            if i == 0
            else f"≤ {format_number(round(upper, decimals))}"
        )
        fill = colour(upper)
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{font_size}" height="{font_size}" '
            f'fill="{fill}" stroke="#666" stroke-width="0.4"/>'
            f'<text x="{x + font_size + 3:.1f}" y="{y:.1f}" dy="0.85em" fill="#111">'
            f"{_esc(text)} {_esc(unit)}</text>"
        )
        x += font_size + 3 + font_size * 0.62 * (len(text) + len(unit) + 2) + 8
    if any(a.value is None for a in drawn):
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{font_size}" height="{font_size}" '
            f'fill="{NO_DATA}"/><text x="{x + font_size + 3:.1f}" y="{y:.1f}" dy="0.85em" '
            f'fill="#111">{_esc(_("no data"))}</text>'
        )
    parts.append("</svg>")
    return Svg(title=title, description=f"{title}. {described}.", svg="".join(parts))
