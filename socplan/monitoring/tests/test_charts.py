"""The charts of the monitoring's pages agree with the tables beside them (one rounding)
and show long labels whole (wrapped onto lines, never cut off)."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from socplan.core.charts import wrap_label
from socplan.monitoring import rollup, services
from socplan.monitoring.svg import progress_bars
from socplan.monitoring.tests.builders import approve, items, make_period

LONG = (
    "Podpora rodin s dětmi, osob se zdravotním postižením a seniorů v jejich přirozeném "
    "prostředí prostřednictvím terénních a ambulantních služeb dostupných v celém území ORP"
)


def test_percentages_are_rounded_halves_up_the_same_way_everywhere():
    assert [rollup.percent_shown(v) for v in (75.5, 74.5, 75.49, 0.5, 100.0)] == [
        76,
        75,
        75,
        1,
        100,
    ]
    assert rollup.percent_shown(None) is None
    chart = progress_bars([("2019", 75.5), ("2020", 74.5)], title="t")
    table = Template("{% load monitoring_tags %}{{ a|percent }}|{{ b|percent }}").render(
        Context({"a": 75.5, "b": 74.5})
    )
    assert [row.value_label for row in chart.rows] == ["76 %", "75 %"]
    assert table == "76 %|75 %"


def test_a_long_label_is_wrapped_whole_within_the_chart():
    chart = progress_bars([(f"1 {LONG}", 40.0), ("2 Krátká", 10.0)], title="t")
    first = chart.rows[0]
    assert len(first.lines) > 1
    assert first.label == f"1 {LONG}"  # every word kept, nothing cut off
    assert "…" not in first.label
    for _y, line in first.lines:
        assert len(line) * chart.font_size * 0.6 <= chart.width - chart.bar_left
    # the lines stand above the bar, and the next row's label below it
    assert first.lines[-1][0] < first.y < chart.rows[1].lines[0][0] - chart.font_size
    assert chart.height > chart.rows[-1].y + 12


def test_wrap_label_keeps_every_word():
    lines = wrap_label("a " + "x" * 80 + " b", width=120, font_size=10)
    assert lines == ["a", "x" * 80, "b"]
    assert wrap_label("", width=100, font_size=10) == [""]


@pytest.mark.django_db
def test_the_dashboard_chart_and_table_show_the_same_percentage(process, client_for):
    period = make_period(process)
    rows = items(period)
    services.activity_report_save(actor=None, period=period, item=rows["1.1.1"], status="done")
    services.activity_report_save(
        actor=None, period=period, item=rows["2.1.1"], status="in_progress", progress=51
    )
    priority = period.plan.priorities.first()
    priority.title = LONG
    priority.save(update_fields=["title"])
    approve(period)
    url = reverse("monitoring:dashboard", kwargs={"slug": process.slug, "pk": period.plan.pk})
    page = client_for(None).get(url).content.decode()
    year_chart = page.split('id="chart-years-desc"')[1].split("</svg>")[0]
    # (100 + 51) / 2 = 75.5: the chart and the table both say 76 %
    assert ">76 %</text>" in year_chart
    year_table = page.split('id="by-year"')[1].split("</table>")[0]
    assert '<td class="num">76 %</td>' in year_table
    assert "75 %" not in page.split('id="by-year"')[1].split('id="by-priority"')[0]
    # the long priority name is in the chart whole, over several lines
    priority_chart = page.split('id="chart-priorities-desc"')[1].split("</svg>")[0]
    texts = re.findall(r"<text [^>]*>([^<]*)</text>", priority_chart)
    shown = " ".join(t for t in texts if not t.endswith("%"))
    assert LONG.split()[-1] in shown and "…" not in shown
    assert " ".join(shown.split()).startswith(f"{priority.code} {LONG}"[:60])
