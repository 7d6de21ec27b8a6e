"""Charts of printed documents, as small SVG images made from a template
(``core/charts/bars.svg``, drawn by :mod:`socplan.core.charts`): no plotting library,
vector output that stays sharp in print, and text that a PDF reader can search.

A chart is drawn only where the data is a series: costs by year (stacked by funding source)
and an indicator's baseline and targets by year. Every chart has a text alternative and
stands beside the table with the same numbers.
"""

from django.utils.translation import gettext as _

# The generic chart helpers live in core (the analysis app draws charts too).
from socplan.core.charts import (  # noqa: F401  (PALETTE: for the monitoring report)
    PALETTE,
    Chart,
    _as_float,
    bar_chart,
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
    if chart is not None and len(chart.ticks) > 2:
        # the baseline and the top gridline only: the value stands above each bar, and a
        # plan prints a chart per indicator (the gridlines' labels were a third of their
        # text to set)
        chart.ticks = [chart.ticks[0], chart.ticks[-1]]
    return chart


def chart_png(chart: Chart, *, scale: int = 4) -> bytes:
    """A bar chart as a PNG for the DOCX (python-docx takes no SVG), drawn with Pillow from
    the same geometry as the SVG (``core/charts/bars.svg``): gridlines with their labels, the
    stacked bars with the total above and the category below, the legend. ``scale`` pixels
    per unit of the chart (4: about 300 dpi at the width it is printed at)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    def px(value: float) -> float:
        return value * scale

    size = round(px(chart.font_size) * 1.05)  # the SVG's font-size is in its own units
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:  # no DejaVu fonts: Pillow's own (it draws Czech letters too)
        font = ImageFont.load_default(size=size)
    image = Image.new("RGB", (round(px(chart.width)), round(px(chart.height))), "white")
    draw = ImageDraw.Draw(image)
    for y, label in chart.ticks:
        draw.line([(px(chart.plot_left), px(y)), (px(chart.plot_right), px(y))], fill="#cccccc")
        draw.text((px(chart.tick_x), px(y)), str(label), fill="#333333", font=font, anchor="rm")
    for bar in chart.bars:
        for s in bar.segments:
            draw.rectangle(
                [px(s.x), px(s.y), px(s.x + s.width), px(s.y + s.height)],
                fill=s.colour,
                outline="white",
            )
        gap = px(chart.font_size) * 0.4
        draw.text(
            (px(bar.x), px(bar.top) - gap),
            str(bar.total_label),
            fill="#111111",
            font=font,
            anchor="ms",
        )
        draw.text(
            (px(bar.x), px(chart.plot_bottom) + gap),
            str(bar.label),
            fill="#111111",
            font=font,
            anchor="mt",
        )
    draw.line(
        [
            (px(chart.plot_left), px(chart.plot_bottom)),
            (px(chart.plot_right), px(chart.plot_bottom)),
        ],
        fill="#333333",
        width=max(1, round(scale * 0.8)),
    )
    for colour, label, y in chart.legend:
        box = px(chart.font_size)
        draw.rectangle(
            [px(chart.legend_x), px(y), px(chart.legend_x) + box, px(y) + box], fill=colour
        )
        draw.text(
            (px(chart.legend_text_x), px(y) + box / 2),
            str(label),
            fill="#111111",
            font=font,
            anchor="lm",
        )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
