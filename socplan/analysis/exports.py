"""The tables of the analysis as CSV or XLSX downloads (:mod:`socplan.core.tables`):
SWOT items and findings."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from socplan.core import tables
from socplan.organisation.models import PlanningProcess

from . import selectors

FORMATS = tables.FORMATS


def swot_table(*, process: PlanningProcess) -> tables.Table:
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
    return tables.Table(
        name="swot",
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


def _joined(items) -> str:
    return "; ".join(str(item) for item in items)


def findings_table(*, process: PlanningProcess) -> tables.Table:
    Column = tables.Column
    return tables.Table(
        name="findings",
        title=_("Findings"),
        columns=[
            Column(_("Code"), lambda f: f.code),
            Column(_("Finding"), lambda f: f.statement),
            Column(_("Source"), selectors.finding_source_label),
            Column(
                _("Value when found"),
                lambda f: float(f.indicator_value) if f.indicator_value is not None else None,
            ),
            Column(_("Reference date"), lambda f: f.indicator_date),
            Column(_("Value now"), lambda f: f.live.value if f.live is not None else None),
            Column(_("Target groups"), lambda f: _joined(f.target_groups.all())),
            Column(_("Municipalities"), lambda f: _joined(m.name for m in f.municipalities.all())),
            Column(_("Measures that answer it"), lambda f: _joined(f.answers)),
            Column(_("Open need"), lambda f: _("open need") if f.is_open else ""),
        ],
        rows=selectors.findings_of_process(process=process, live=True),
    )


def table_response(table: tables.Table, *, format: str, name: str) -> HttpResponse:
    """The table as CSV or XLSX (texts that look like formulas stay texts)."""
    return tables.response([table], fmt=format, file_name=name)
