"""The filtered list of the public catalogue as CSV or XLSX: one row per service."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from socplan.core import spreadsheets
from socplan.core.collation import czech_sorted

from .display import capacity_text
from .models import Capacity, Facility, Service, ServiceForm

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BATCH = 500


def columns() -> list[str]:
    return [
        _("Service"),
        _("Provider"),
        _("IČO"),
        _("Kind of service"),
        _("Section of the act"),
        _("Group"),
        _("Category"),
        _("Source"),
        _("Forms and registered capacity"),
        _("Target groups"),
        _("Age groups"),
        _("Addresses"),
        _("Municipalities served"),
        _("Phones"),
        _("E-mails"),
        _("Web sites"),
        _("Provided from"),
        _("Provided until"),
        _("Last verified"),
        _("Register number"),
        _("Address in the catalogue"),
    ]


def _values(items) -> str:
    return "; ".join(item.get("value", "") for item in items or [] if item.get("value"))


def rows(ids: list[int], *, base_url: str = "") -> Iterator[list]:
    """Rows of :func:`columns` for the services, in the order of ``ids``."""
    today = timezone.localdate()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        services = {
            s.pk: s
            for s in Service.objects.filter(pk__in=chunk)
            .defer("register_data", "search_text")
            .select_related("provider", "kind", "local_category")
            .prefetch_related(
                "target_groups",
                "age_groups",
                Prefetch(
                    "forms",
                    ServiceForm.objects.select_related("form").prefetch_related(
                        Prefetch("capacities", Capacity.objects.select_related("type"))
                    ),
                ),
                Prefetch("facilities", Facility.objects.select_related("municipality")),
                "area_municipalities__municipality",
            )
        }
        for pk in chunk:
            s = services.get(pk)
            if s is None:
                continue
            forms = []
            for service_form in s.forms.all():
                capacities = ", ".join(capacity_text(c) for c in service_form.capacities.all())
                forms.append(
                    f"{service_form.form} ({capacities})" if capacities else str(service_form.form)
                )
            addresses = [
                f.address_line
                for f in s.facilities.all()
                if not f.is_secret_address and f.address_line and f.is_active_on(today)
            ]
            served = czech_sorted(
                {row.municipality.name for row in s.area_municipalities.all()}
                | {f.municipality.name for f in s.facilities.all() if f.municipality_id}
            )
            yield [
                s.name,
                s.provider.name,
                s.provider.ico or "",
                str(s.kind) if s.kind_id else "",
                s.kind.paragraph if s.kind_id else "",
                s.kind.get_group_display() if s.kind_id and s.kind.group else "",
                str(s.local_category) if s.local_category_id else "",
                s.get_source_display(),
                "; ".join(forms),
                "; ".join(str(g) for g in s.target_groups.all()),
                "; ".join(str(g) for g in s.age_groups.all()),
                "; ".join(dict.fromkeys(addresses)),
                ", ".join(served),
                _values(s.contact_phones),
                _values(s.contact_emails),
                _values(s.contact_webs),
                s.start_date,
                s.end_date,
                s.verified_at,
                s.portal_id or "",
                base_url + s.get_absolute_url(),
            ]


def csv_bytes(ids: list[int], *, base_url: str = "") -> bytes:
    """UTF-8 with a byte-order mark (so that Excel reads the diacritics), semicolons (the
    Czech Excel's list separator)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(columns())
    for row in rows(ids, base_url=base_url):
        writer.writerow(spreadsheets.csv_row(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(ids: list[int], *, base_url: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Services")[:31]
    sheet.append(columns())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows(ids, base_url=base_url):
        spreadsheets.xlsx_append(sheet, row)
    for column, width in zip("ABCDEFGHIJKLMNOPQRSTU", [45, 40, 10, 30, 10, 25], strict=False):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2, min_col=17, max_col=19):
        for cell in row:
            if cell.value is not None:
                cell.number_format = "DD.MM.YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def response(ids: list[int], *, fmt: str, file_name: str, base_url: str = "") -> HttpResponse:
    content = (
        csv_bytes(ids, base_url=base_url) if fmt == "csv" else xlsx_bytes(ids, base_url=base_url)
    )
    result = HttpResponse(content, content_type=FORMATS[fmt])
    result["Content-Disposition"] = f'attachment; filename="{file_name}.{fmt}"'
    return result
