"""The analytical chapters of the plan document (issue 11): the sociodemographic analysis of
the area, the approved SWOTs of the working groups and of the whole process, and the
findings (the evidence) with the measures that answer them; each measure of the plan lists
the findings it answers. One context for the PDF (:func:`analysis_blocks`, typeset by Typst)
and the DOCX (:func:`add_analysis_docx`, :func:`add_measure_evidence_docx`).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from socplan.analysis import evidence
from socplan.analysis.selectors import approved_swots, finding_source_label, findings_of_process
from socplan.planning.models import Plan
from socplan.territory.selectors import area_population_summary

from .charts import bar_chart
from .typography import format_number
from .word import add_table

DEMOGRAPHY_INDICATORS = ("share_65_plus", "ageing_index", "old_age_dependency")


def _demography(area) -> dict:
    """The age structure of the area as a chart and the basic indicators as a table."""
    summary = area_population_summary(area=area)
    bands = [
        (_("Aged 0–14"), summary.age_0_14),
        (_("Aged 15–64"), summary.age_15_64),
        (_("Aged 65 and over"), summary.age_65_plus),
    ]
    chart = None
    if all(value is not None for _label, value in bands):
        chart = bar_chart(
            title=_("Population of the area by age"),
            categories=[label for label, _value in bands],
            series=[(_("people"), [value for _label, value in bands])],
            unit=_("people"),
            width=480,
            height=200,
            legend=False,
        )
    indicators = []
    for key in DEMOGRAPHY_INDICATORS:
        live = evidence.live_value(key=key, area=area.slug)
        if live is not None:
            indicators.append((evidence.indicator_label(key), live.value, live.date))
    return {
        "summary": summary,
        "bands": [(label, value) for label, value in bands if value is not None],
        "chart": chart,
        "indicators": indicators,
    }


@dataclass
class PrintedTable:
    """A table of the demography or coverage services, its cells as printed text.

    ``legend``: (short, long) column headings, printed under the table, for a table whose
    columns are numbered in print (the matrix of many kinds of services); ``widths``: the
    share of the page's width of the first columns in per cent, the other columns share the
    rest."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    source: str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)

    @property
    def is_wide(self) -> bool:
        """Printed on a landscape page (more columns than a portrait page takes)."""
        return len(self.columns) > 7


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float | Decimal):
        return format_number(round(value, 2) if isinstance(value, float) else value)
    if hasattr(value, "isoformat"):
        return f"{value.day}. {value.month}. {value.year}"
    return str(value)


def _printed(table) -> PrintedTable:
    return PrintedTable(
        title=str(table.title),
        columns=[str(c) for c in table.columns],
        rows=[[_cell(v) for v in row] for row in table.rows],
        source=str(getattr(table, "source", "") or ""),
    )


# The matrix municipality × kind: the columns of the kinds are numbered in print and named
# in a legend under the table (two dozen kinds do not fit a page as headings).
MATRIX_FIXED_COLUMNS = 3  # municipality, code, population


def _printed_matrix(table) -> PrintedTable:
    printed = _printed(table)
    kinds = printed.columns[MATRIX_FIXED_COLUMNS:]
    numbers = [str(number) for number in range(1, len(kinds) + 1)]
    printed.legend = list(zip(numbers, kinds, strict=True))
    printed.columns = printed.columns[:MATRIX_FIXED_COLUMNS] + numbers
    printed.widths = [12, 8, 8]
    return printed


def _printed_white_spots(coverage_result, title: str) -> PrintedTable:
    """The white spots by kind of service: one row per kind with the municipalities it
    does not reach (and their population of the target age), instead of a row per
    municipality and kind (hundreds of rows, pages of repeated kinds)."""
    rows = []
    for spot in coverage_result.white_spots:
        if not spot.municipalities:
            continue
        names = ", ".join(
            f"{row.name} ({_cell(spot.targets.get(row.code, row.population))})"
            for row in spot.municipalities
        )
        rows.append(
            [
                str(spot.label),
                str(spot.target),
                _cell(len(spot.municipalities)),
                _cell(spot.target_population),
                names,
            ]
        )
    return PrintedTable(
        title=title,
        columns=[
            _("Kind of service"),
            _("Target age"),
            _("Number of municipalities"),
            _("Population of the target age"),
            _("Municipalities not reached (population of the target age)"),
        ],
        rows=rows,
        widths=[20, 12, 10, 12],
    )


def _analyses(area) -> dict:
    """The sociodemographic analysis and the services against needs of the area from the
    analysis's services (national data): charts and tables for the plan's chapters. Empty
    where the national data (ages by sex) is not loaded."""
    from socplan.analysis import coverage, demography

    result = {"charts": [], "tables": [], "wide_tables": [], "coverage_tables": []}
    analysed = demography.area_of(area)
    analysis = demography.demography(analysed)
    if not analysis.has_data:
        return result
    charts = [analysis.pyramid(), analysis.comparison_chart("share_65_plus")]
    charts.append(analysis.map("share_65_plus"))
    result["charts"] = [chart for chart in charts if chart is not None]
    tables = demography.tables(analysis)
    printed = [_printed(tables[name]) for name in ("indicators", "exclusion") if name in tables]
    # the tables of many columns on landscape pages after the chapter
    result["tables"] = [table for table in printed if not table.is_wide]
    result["wide_tables"] = [table for table in printed if table.is_wide]
    covered_result = coverage.coverage(analysed)
    covered = coverage.tables(covered_result)
    coverage_tables = []
    for name in ("capacity", "white_spots", "matrix"):
        if name not in covered or not covered[name].rows:
            continue
        if name == "white_spots":
            coverage_tables.append(_printed_white_spots(covered_result, str(covered[name].title)))
        elif name == "matrix":
            coverage_tables.append(_printed_matrix(covered[name]))
        else:
            coverage_tables.append(_printed(covered[name]))
    result["coverage_tables"] = coverage_tables
    return result


def analysis_context(plan: Plan) -> dict:
    process = plan.process
    findings = findings_of_process(process=process)
    for finding in findings:
        finding.source_label = finding_source_label(finding)
        # the measures of this plan (another plan of the process answers in its own document)
        finding.answers = [a for a in finding.answers if a.plan_id in (None, plan.pk)]
        finding.is_open = not finding.answers
    return {
        "analyses": _analyses(process.planning_area),
        "demography": _demography(process.planning_area),
        "swots": approved_swots(process=process),
        "findings": findings,
        "open_needs": [f for f in findings if f.is_open],
    }


def _number(value) -> str:
    if value is None:
        return "–"
    return format_number(round(value, 2))


def add_analysis_docx(document, context: dict, t) -> None:
    """The chapters "Analysis of the area", "SWOT" and "Findings" of the DOCX."""
    demography = context["demography"]
    document.add_heading(_("Sociodemographic analysis"), level=1)
    if demography["bands"]:
        document.add_paragraph(_("Population of the area by age"), style="Caption")
        add_table(
            document,
            [_("Age"), _("People")],
            [[label, format_number(value)] for label, value in demography["bands"]],
            numeric_from=1,
        )
    if demography["indicators"] and not context["analyses"]["tables"]:
        document.add_paragraph(_("Indicators of ageing"), style="Caption")
        add_table(
            document,
            [_("Indicator"), _("Value"), _("Reference date")],
            [
                [label, _number(value), date.strftime("%d.%m.%Y") if date else ""]
                for label, value, date in demography["indicators"]
            ],
            numeric_from=1,
        )
    analyses = context["analyses"]
    for table in analyses["tables"] + analyses["wide_tables"]:
        _printed_docx(document, table, t)
    if analyses["coverage_tables"]:
        document.add_heading(_("Services against needs"), level=1)
        for table in analyses["coverage_tables"]:
            _printed_docx(document, table, t)
    document.add_heading(_("SWOT analysis"), level=1)
    if not context["swots"]:
        document.add_paragraph(_("No SWOT has been approved yet."))
    for board in context["swots"]:
        document.add_heading(
            t(str(board.swot) if board.swot.group_id else _("SWOT of the whole process")),
            level=2,
        )
        for _value, label, items in board.quadrants:
            document.add_paragraph(str(label).capitalize(), style="Caption")
            if not items:
                document.add_paragraph(_("No items."))
                continue
            add_table(
                document,
                [_("Item"), _("Average rating")],
                [[t(r.item.text), r.average_label] for r in items],
                numeric_from=1,
            )
    document.add_heading(_("Findings"), level=1)
    document.add_paragraph(
        _("What the analyses found, and the measures of the plan that answer it.")
    )
    if context["findings"]:
        add_table(
            document,
            [_("Code"), _("Finding"), _("Source"), _("Measures")],
            [
                [
                    f.code,
                    t(f.statement),
                    t(f.source_label),
                    ", ".join(a.code for a in f.answers) or _("open need"),
                ]
                for f in context["findings"]
            ],
        )
    if context["open_needs"]:
        document.add_heading(_("Open needs"), level=2)
        for finding in context["open_needs"]:
            document.add_paragraph(t(f"{finding.code} {finding.statement}"), style="List Bullet")


def _printed_docx(document, table: PrintedTable, t) -> None:
    document.add_paragraph(t(table.title), style="Caption")
    add_table(document, table.columns, [[t(c) for c in row] for row in table.rows])
    if table.legend:
        document.add_paragraph(t("; ".join(f"{short} {long}" for short, long in table.legend)))
    if table.source:
        document.add_paragraph(t(_("Source: %(source)s") % {"source": table.source}))


def add_measure_evidence_docx(document, measure, t) -> None:
    """The findings a measure answers, under the measure in the DOCX."""
    findings = list(measure.findings.all())
    if not findings:
        return
    paragraph = document.add_paragraph()
    paragraph.add_run(_("Evidence") + ": ").bold = True
    paragraph.add_run(t("; ".join(f"{f.code} {f.statement}" for f in findings)))


# --- the PDF (Typst blocks, see socplan.documents.typeset) ---------------------------------


def _printed_blocks(table: PrintedTable, *, wide: bool = False) -> dict:
    """A table of the analysis's services in the plan's PDF: the first columns at their
    widths, the numbered columns of the matrix centred and named in the legend."""
    from . import typeset

    numbered = bool(table.legend)
    return typeset.table(
        table.columns,
        table.rows,
        caption=table.title,
        widths=table.widths,
        centred=range(len(table.widths), len(table.columns)) if numbered else (),
        size="tiny" if numbered or wide else "small",
        legend=table.legend,
        source=table.source,
    )


def analysis_blocks(context: dict, images) -> list[dict]:
    """The chapters "Sociodemographic analysis", "Services against needs", "SWOT analysis"
    and "Findings" of the plan's PDF (the same content as :func:`add_analysis_docx`)."""
    from . import typeset

    demography, analyses = context["demography"], context["analyses"]
    blocks = [typeset.heading(_("Sociodemographic analysis"), id="demography", page_break=True)]
    if demography["bands"]:
        blocks.append(
            typeset.table(
                [_("Age"), _("People")],
                [[label, format_number(value)] for label, value in demography["bands"]],
                caption=_("Population of the area by age"),
                numeric=[1],
                row_headers=True,
            )
        )
        if demography["chart"]:
            chart = demography["chart"]
            caption = _("Chart: %(title)s") % {"title": chart.title}
            blocks.append(typeset.chart_figure(images, chart, caption=caption))
    else:
        blocks.append(typeset.paragraph(_("The population of the area by age is not known.")))
    blocks += [typeset.chart_figure(images, chart) for chart in analyses["charts"]]
    blocks += [_printed_blocks(table) for table in analyses["tables"]]
    if demography["indicators"] and not analyses["tables"]:
        blocks.append(
            typeset.table(
                [_("Indicator"), _("Value"), _("Reference date")],
                [
                    [label, format_number(value, 2), _date(date)]
                    for label, value, date in demography["indicators"]
                ],
                caption=_("Indicators of ageing"),
                numeric=[1],
                row_headers=True,
            )
        )
    if analyses["wide_tables"]:
        blocks.append(
            typeset.landscape(
                [_printed_blocks(table, wide=True) for table in analyses["wide_tables"]]
            )
        )
    if analyses["coverage_tables"]:
        blocks.append(
            typeset.landscape(
                [
                    typeset.heading(_("Services against needs"), id="coverage"),
                    *[_printed_blocks(table, wide=True) for table in analyses["coverage_tables"]],
                ]
            )
        )
    blocks.append(typeset.heading(_("SWOT analysis"), id="swot"))
    for board in context["swots"]:
        swot = board.swot
        blocks.append(
            typeset.heading(
                str(swot) if swot.group_id else _("SWOT of the whole process"),
                level=2,
                outlined=False,
            )
        )
        if swot.approved_at:
            note = _("Approved on %(date)s.") % {"date": _date(swot.approved_at)}
            if swot.note:
                note += f" {swot.note}"
            blocks.append(typeset.paragraph(note, size="small", tone="muted"))
        for _value, label, items in board.quadrants:
            blocks.append(
                typeset.table(
                    [_("Item"), _("Average rating")],
                    [[rated.item.text, rated.average_label] for rated in items]
                    or [[_("No items."), ""]],
                    caption=str(label).capitalize(),
                    numeric=[1],
                    widths=[80],
                )
            )
    if not context["swots"]:
        blocks.append(typeset.paragraph(_("No SWOT has been approved yet.")))
    blocks.append(typeset.heading(_("Findings"), id="findings"))
    blocks.append(
        typeset.paragraph(
            _("What the analyses found, and the measures of the plan that answer it.")
        )
    )
    blocks.append(
        typeset.table(
            [_("Code"), _("Finding"), _("Source"), _("Measures")],
            [
                [
                    f.code,
                    f.statement,
                    f.source_label,
                    ", ".join(a.code for a in f.answers) or _("open need"),
                ]
                for f in context["findings"]
            ]
            or [[_("No findings yet."), "", "", ""]],
            size="small",
            widths=[10, 45, 25],
        )
    )
    if context["open_needs"]:
        blocks.append(typeset.heading(_("Open needs"), level=2, outlined=False))
        blocks.append(typeset.bullets(f"{f.code} {f.statement}" for f in context["open_needs"]))
    return blocks


def measure_evidence_text(measure) -> str:
    """The findings a measure answers, in one line ("" when none)."""
    return "; ".join(f"{f.code} {f.statement}" for f in measure.findings.all())


def _date(value) -> str:
    from django.utils.formats import date_format

    return date_format(value, "SHORT_DATE_FORMAT") if value else ""
