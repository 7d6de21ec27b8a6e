"""The output indicators of a process as an XLSX workbook (openpyxl)."""

import io

from django.utils.translation import gettext as _

from socplan.core import spreadsheets
from socplan.organisation.models import PlanningProcess

from .selectors import OutputIndicators


def output_indicators_xlsx(
    *, process: PlanningProcess, output_indicators: OutputIndicators
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Output indicators")[:31]
    spreadsheets.xlsx_append(sheet, [process.name])
    sheet["A1"].font = Font(bold=True, size=13)
    if process.registration_number:
        spreadsheets.xlsx_append(sheet, [_("Registration number"), process.registration_number])
    sheet.append([_("From"), output_indicators.date_from])
    sheet.append([_("To"), output_indicators.date_to])
    for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row, min_col=2, max_col=2):
        for cell in row:
            if cell.value is not None and not isinstance(cell.value, str):
                cell.number_format = "DD.MM.YYYY"
    sheet.append([])
    sheet.append([_("Output indicator"), _("Value")])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for label, value in output_indicators.rows():
        spreadsheets.xlsx_append(sheet, [label, value])
    sheet.column_dimensions["A"].width = 55
    sheet.column_dimensions["B"].width = 14
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
