"""Tables of figures as downloads: CSV (UTF-8 with a byte-order mark and semicolons, as the
Czech Excel reads it) and XLSX (one sheet per table, a bold header, the source under it).

Generic: an app builds :class:`Table` objects from its own data and returns
:func:`response` from its view."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.translation import gettext as _

from socplan.core import spreadsheets

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Table:
    name: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    source: str = ""


def _cell(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def csv_bytes(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(c) for c in table.columns])
    for row in table.rows:
        writer.writerow(spreadsheets.csv_row(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet_title(text: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]\*\?/\\:]", " ", str(text))[:31].strip() or "data"
    base, number = title, 2
    while title in used:
        suffix = f" ({number})"
        title = base[: 31 - len(suffix)] + suffix
        number += 1
    used.add(title)
    return title


def xlsx_bytes(tables: list[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        sheet.append([str(c) for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in table.rows:
            spreadsheets.xlsx_append(sheet, row)
        if table.source:
            sheet.append([])
            sheet.append([_("Source: %(source)s") % {"source": table.source}])
        sheet.column_dimensions["A"].width = 32
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def response(tables: list[Table], *, fmt: str, file_name: str) -> HttpResponse:
    """CSV of the first table, or XLSX of them all."""
    content = csv_bytes(tables[0]) if fmt == "csv" else xlsx_bytes(tables)
    result = HttpResponse(content, content_type=FORMATS[fmt])
    result["Content-Disposition"] = f'attachment; filename="{file_name}.{fmt}"'
    return result
