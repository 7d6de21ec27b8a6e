"""Values written into CSV and XLSX downloads, safe to open in a spreadsheet.

Every export goes through these (``tests/test_exports_are_safe.py`` finds the exporters):

- A text that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or a carriage return) would
  be run as a formula by Excel or LibreOffice when the file is opened (CSV) or re-typed:
  ``=HYPERLINK("http://evil", "click")``, ``=cmd|' /C calc'!A0``. In CSV such a text gets a
  leading apostrophe, the convention spreadsheets show as "this is text"
  (:func:`csv_value`); in XLSX it is stored as a text cell marked with the same
  "quote prefix" (:func:`xlsx_append`), so it shows unchanged and never runs.
- Characters XML does not allow (control characters other than tab and line ends), which
  make openpyxl refuse the whole workbook, are removed.

Large exports (tens of thousands of rows) are streamed with XlsxWriter in its constant-memory
mode (:func:`xlsx_stream_workbook`, :func:`xlsx_stream_rows`): it writes a row of 60 cells in
about a third of the time openpyxl's write-only mode needs. The same rules hold there: texts
are written as texts (never as formulas, links or numbers), with the quote prefix when they
look like a formula.
"""

from __future__ import annotations

import datetime
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def clean_text(value: str) -> str:
    """``value`` without the characters a spreadsheet file cannot hold."""
    return _ILLEGAL.sub("", value) if not value.isprintable() else value


def csv_value(value):
    """A value for ``csv.writer``: empty for None, ISO dates, texts that cannot run."""
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):  # noqa: UP038
        return value.isoformat()
    if isinstance(value, (bool, int, float)):  # noqa: UP038
        return value
    value = clean_text(str(value))
    return "'" + value if is_formula_like(value) else value


def csv_row(row) -> list:
    return [csv_value(value) for value in row]


def xlsx_value(value):
    """A value for an openpyxl cell (texts without illegal characters; anything that is
    not a number, a date or a bool becomes text)."""
    if value is None or isinstance(value, (bool, int, float, datetime.date, datetime.time)):  # noqa: UP038
        return value
    return clean_text(str(value))


def xlsx_append(sheet, row) -> None:
    """``sheet.append(row)`` with every text kept as text: one that looks like a formula
    is stored as a text cell with the quote prefix, never as a formula."""
    values = [xlsx_value(value) for value in row]
    sheet.append(values)
    if not any(is_formula_like(value) for value in values):
        return
    if getattr(sheet, "_cells", None) is None:  # a write-only sheet: rows cannot be reached
        raise TypeError("xlsx_append needs a normal sheet, or use xlsx_cells for write-only")
    for cell in sheet[sheet.max_row]:
        if is_formula_like(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def xlsx_cells(sheet, row) -> list:
    """The values of ``row`` as cells of a write-only ``sheet`` (``sheet.append`` them):
    the same as :func:`xlsx_append` does for a normal sheet."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in (xlsx_value(value) for value in row):
        if is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            cells.append(cell)
        else:
            cells.append(value)
    return cells


# --- large exports: XlsxWriter, constant memory ------------------------------------------------


def xlsx_stream_workbook(target):
    """An XlsxWriter workbook writing to ``target`` (a path or a binary file object) one row
    after another in constant memory; it never turns a text into a formula, a link or a
    number. Write its sheets with :func:`xlsx_stream_rows`, then ``close()`` it."""
    import xlsxwriter

    return xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )


def xlsx_stream_rows(workbook, sheet, rows, *, quote_format=None) -> int:
    """Write ``rows`` into an XlsxWriter ``sheet`` from its first row (the rows must come in
    order: constant-memory mode); returns how many. Empty values leave the cell empty,
    numbers stay numbers, dates are written as ISO text, every other value is a cleaned text,
    with the quote prefix when it looks like a formula."""
    quoted = quote_format or workbook.add_format({"quote_prefix": True})
    write_string, write_number, write_boolean = (
        sheet.write_string,
        sheet.write_number,
        sheet.write_boolean,
    )
    count = 0
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            kind = type(value)
            if kind is str:
                if not value:
                    continue
                if not value.isprintable():
                    value = clean_text(value)
                if value.startswith(FORMULA_START):
                    write_string(r, c, value, quoted)
                else:
                    write_string(r, c, value)
            elif kind is int or kind is float:
                write_number(r, c, value)
            elif value is None:
                continue
            elif kind is bool:
                write_boolean(r, c, value)
            elif isinstance(value, (datetime.date, datetime.time)):  # noqa: UP038
                write_string(r, c, value.isoformat())
            elif isinstance(value, (int, float)):  # noqa: UP038  (a subclass, e.g. an IntEnum)
                write_number(r, c, value)
            else:
                value = clean_text(str(value))
                write_string(r, c, value, quoted if is_formula_like(value) else None)
        count += 1
    return count
