"""The tables of the analysis as CSV or XLSX downloads: SWOT items and findings."""

import csv
import datetime
import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import gettext as _

from socplan.core import spreadsheets
from socplan.organisation.models import PlanningProcess

from . import selectors

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def table_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(spreadsheets.csv_row(row))
    return ("\ufeff" + out.getvalue()).encode()  # a BOM: spreadsheets read it as UTF-8


def table_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31]
    sheet.append(table.columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        spreadsheets.xlsx_append(sheet, row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if hasattr(cell.value, "isoformat"):
                cell.number_format = "DD.MM.YYYY"
    for index, _column in enumerate(table.columns, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = 24
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(table: Table, *, format: str, name: str) -> HttpResponse:
    content = table_csv(table) if format == "csv" else table_xlsx(table)
    response = HttpResponse(content, content_type=FORMATS[format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    return response
