"""The tables of the analysis as CSV or XLSX downloads (:mod:`socplan.core.tables`):
SWOT items and findings."""

from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import gettext as _

from socplan.core import tables
from socplan.organisation.models import PlanningProcess

from . import selectors

FORMATS = tables.FORMATS


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list]


def swot_table(*, process: PlanningProcess) -> Table:
    rows = []
    for row in selectors.swot_overview(process=process):
        swot = row["swot"]
        if not swot.pk:
            continue
        board = selectors.swot_board(swot=swot)
        for _value, label, items in board.quadrants:
            for rated in items:
                rows.append(
                    [
                        str(swot),
                        str(label).capitalize(),
                        rated.item.text,
                        round(rated.average, 2) if rated.average is not None else None,
                        rated.count,
                        "; ".join(m.text for m in rated.merged),
                        _("yes") if swot.is_approved else _("no"),
                    ]
                )
    return Table(
        title=_("SWOT"),
        columns=[
            _("SWOT of"),
            _("Part"),
            _("Item"),
            _("Average rating"),
            _("Ratings"),
            _("Merged duplicates"),
            _("Approved"),
        ],
        rows=rows,
    )


def findings_table(*, process: PlanningProcess) -> Table:
    rows = []
    for finding in selectors.findings_of_process(process=process, live=True):
        live = finding.live
        rows.append(
            [
                finding.code,
                finding.statement,
                selectors.finding_source_label(finding),
                float(finding.indicator_value) if finding.indicator_value is not None else None,
                finding.indicator_date,
                live.value if live is not None else None,
                "; ".join(str(t) for t in finding.target_groups.all()),
                "; ".join(m.name for m in finding.municipalities.all()),
                "; ".join(str(a) for a in finding.answers),
                _("open need") if finding.is_open else "",
            ]
        )
    return Table(
        title=_("Findings"),
        columns=[
            _("Code"),
            _("Finding"),
            _("Source"),
            _("Value when found"),
            _("Reference date"),
            _("Value now"),
            _("Target groups"),
            _("Municipalities"),
            _("Measures that answer it"),
            _("Open need"),
        ],
        rows=rows,
    )


def table_response(table: Table, *, format: str, name: str) -> HttpResponse:
    """The table as CSV or XLSX (texts that look like formulas stay texts)."""
    return tables.response(
        [tables.Table(name=name, title=table.title, columns=table.columns, rows=table.rows)],
        fmt=format,
        file_name=name,
    )
