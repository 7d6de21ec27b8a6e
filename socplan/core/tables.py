"""Tables as downloads: CSV (UTF-8 with a byte-order mark and semicolons, as the Czech Excel
reads it) and XLSX (openpyxl: one sheet per table, a bold header, the source under it).

The one way socplan writes a table for a spreadsheet: an app builds :class:`Table` objects
from its own data (rows as lists of values, or objects read through :class:`Column` getters)
and returns :func:`response` from its view; a file it builds otherwise (a streamed workbook)
goes out through :func:`download`, as do the documents (PDF, DOCX). Every value passes
:mod:`socplan.core.spreadsheets`, so a text that looks like a formula stays a text."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from socplan.core import spreadsheets

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# what :func:`download` sends: the tables' formats and the documents' (PDF, Word)
CONTENT_TYPES = {
    **FORMATS,
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
DATE_FORMAT = "DD.MM.YYYY"
FIRST_COLUMN_WIDTH = 32  # when a table sets no widths


@dataclass
class Column:
    """A column: its header, how its value is read from a row object (``value``; without it
    rows are lists of values), its XLSX width, whether dates in it show as 31.12.2026 and
    whether its long texts wrap in XLSX (``wrap``: on several lines, aligned to the top)."""

    header: str
    value: Callable[[Any], Any] | None = None
    width: float | None = None
    date: bool = False
    wrap: bool = False

    def __str__(self) -> str:
        return str(self.header)


@dataclass
class Table:
    """``columns`` are headers (texts) or :class:`Column`; ``rows`` any iterable (read once),
    of lists of values, or of objects when the columns have getters. ``header=False`` leaves
    the header out (the rows carry their own). ``intro`` rows come above the table in XLSX
    (a title first, then lines such as "From | 1.1.2026"), then an empty row. ``filter``
    puts an XLSX auto-filter on the header and freezes the panes under it (intro or not)."""

    name: str
    title: str
    columns: list = field(default_factory=list)
    rows: Iterable = field(default_factory=list)
    source: str = ""
    header: bool = True
    intro: list[list] = field(default_factory=list)
    filter: bool = False

    @property
    def headers(self) -> list[str]:
        return [str(column) for column in self.columns]

    def values(self) -> Iterable[list]:
        """The rows as lists of values (through the columns' getters, if they have them)."""
        getters = [column.value if isinstance(column, Column) else None for column in self.columns]
        if not any(getters):
            yield from self.rows
            return
        for row in self.rows:
            yield [getter(row) if getter else None for getter in getters]


def csv_bytes(table: Table, *, open_data: bool = False) -> bytes:
    """UTF-8 with a byte-order mark (so that Excel reads the diacritics), semicolons (the
    Czech Excel's list separator). ``open_data``: as open data are published (RFC 4180, as
    data.gov.cz asks): commas, UTF-8 without a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="," if open_data else ";")
    if table.header and table.columns:
        writer.writerow(table.headers)
    for row in table.values():
        writer.writerow(spreadsheets.csv_row(row))
    return (("" if open_data else "\ufeff") + buffer.getvalue()).encode("utf-8")


def _sheet_title(text: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]\*\?/\\:]", " ", str(text))[:31].strip() or "data"
    base, number = title, 2
    while title in used:
        suffix = f" ({number})"
        title = base[: 31 - len(suffix)] + suffix
        number += 1
    used.add(title)
    return title


def _write_sheet(sheet, table: Table) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for row in table.intro:
        spreadsheets.xlsx_append(sheet, row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
    if table.intro:
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([])
    if table.header and table.columns:
        sheet.append(table.headers)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        if not table.intro or table.filter:
            sheet.freeze_panes = f"A{sheet.max_row + 1}"
    header_row = sheet.max_row
    dates = [i for i, c in enumerate(table.columns, start=1) if isinstance(c, Column) and c.date]
    wraps = [i for i, c in enumerate(table.columns, start=1) if isinstance(c, Column) and c.wrap]
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in table.values():
        spreadsheets.xlsx_append(sheet, row)
        for index in dates:
            cell = sheet.cell(row=sheet.max_row, column=index)
            if cell.value is not None:
                cell.number_format = DATE_FORMAT
        for index in wraps:
            sheet.cell(row=sheet.max_row, column=index).alignment = wrap
    if table.filter and table.header and table.columns:
        last = get_column_letter(len(table.columns))
        sheet.auto_filter.ref = f"A{header_row}:{last}{sheet.max_row}"
    if table.source:
        sheet.append([])
        sheet.append([_("Source: %(source)s") % {"source": table.source}])
    widths = [column.width if isinstance(column, Column) else None for column in table.columns]
    if not any(widths):
        widths = [FIRST_COLUMN_WIDTH]
    for index, width in enumerate(widths, start=1):
        if width:
            sheet.column_dimensions[get_column_letter(index)].width = width


def xlsx_bytes(tables: list[Table]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        _write_sheet(workbook.create_sheet(_sheet_title(table.title, used)), table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(content: bytes, *, fmt: str, file_name: str, inline: bool = False) -> HttpResponse:
    """``content`` as an attachment ``file_name.fmt`` (``fmt`` one of :data:`CONTENT_TYPES`),
    or shown in the browser (``inline``: a PDF to read or print)."""
    result = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if inline else "attachment"
    result["Content-Disposition"] = f'{disposition}; filename="{file_name}.{fmt}"'
    return result


def response(tables: list[Table], *, fmt: str, file_name: str) -> HttpResponse:
    """CSV of the first table, or XLSX of them all."""
    content = csv_bytes(tables[0]) if fmt == "csv" else xlsx_bytes(tables)
    return download(content, fmt=fmt, file_name=file_name)
