"""The filtered list of the public catalogue as CSV or XLSX: one row per service."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from socplan.core import tables
from socplan.core.collation import czech_sorted

from .display import capacity_text
from .models import Capacity, Facility, Service, ServiceForm

FORMATS = tables.FORMATS
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


WIDTHS = [45, 40, 10, 30, 10, 25]
DATE_COLUMNS = range(16, 19)  # provided from, provided until, last verified


def table(ids: list[int], *, base_url: str = "") -> tables.Table:
    """The services of ``ids`` as a table (:mod:`socplan.core.tables`), read as it is written."""
    return tables.Table(
        name="services",
        title=_("Services"),
        columns=[
            tables.Column(
                header,
                width=WIDTHS[i] if i < len(WIDTHS) else None,
                date=i in DATE_COLUMNS,
            )
            for i, header in enumerate(columns())
        ],
        rows=rows(ids, base_url=base_url),
    )


def response(ids: list[int], *, fmt: str, file_name: str, base_url: str = "") -> HttpResponse:
    return tables.response([table(ids, base_url=base_url)], fmt=fmt, file_name=file_name)
