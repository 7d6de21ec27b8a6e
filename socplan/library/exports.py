"""The output indicators of a process as an XLSX workbook (:mod:`socplan.core.tables`)."""

from django.utils.translation import gettext as _

from socplan.core import tables
from socplan.organisation.models import PlanningProcess

from .selectors import OutputIndicators


def output_indicators_xlsx(
    *, process: PlanningProcess, output_indicators: OutputIndicators
) -> bytes:
    intro = [[process.name]]
    if process.registration_number:
        intro.append([_("Registration number"), process.registration_number])
    intro += [[_("From"), output_indicators.date_from], [_("To"), output_indicators.date_to]]
    table = tables.Table(
        name="output-indicators",
        title=_("Output indicators"),
        columns=[
            tables.Column(_("Output indicator"), width=55),
            tables.Column(_("Value"), width=14),
        ],
        rows=output_indicators.rows(),
        intro=intro,
    )
    return tables.xlsx_bytes([table])
