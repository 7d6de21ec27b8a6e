"""Named read queries of the catalogue."""

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from socplan.core.collation import czech
from socplan.territory.models import Municipality, PlanningArea

from .models import (
    Facility,
    Provider,
    RegistryImport,
    Service,
    ServiceAreaMunicipality,
    ServiceRegion,
)


def _active_facilities(on: datetime.date) -> QuerySet[Facility]:
    return Facility.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=on),
        Q(end_date__isnull=True) | Q(end_date__gte=on),
    )


def _available_in_ids(municipality_ids: Iterable[int], region_ids: Iterable[int], on):
    municipality_ids = list(municipality_ids)
    by_facility = _active_facilities(on).filter(municipality_id__in=municipality_ids)
    by_area = ServiceAreaMunicipality.objects.filter(municipality_id__in=municipality_ids)
    by_region = ServiceRegion.objects.filter(region_id__in=[r for r in region_ids if r])
    return (
        Q(pk__in=by_facility.values("service_id"))
        | Q(pk__in=by_area.values("service_id"))
        | Q(pk__in=by_region.values("service_id"))
    )


def services_available_in(
    municipality: Municipality, *, on: datetime.date | None = None
) -> QuerySet[Service]:
    """Active services available in a municipality: an active facility there, a
    service-area row for it (from facilities or added by hand), or the register's
    extended scope over its region. Registered and local services alike."""
    on = on or timezone.localdate()
    region_id = municipality.district.region_id if municipality.district_id else None
    return Service.objects.active(on).filter(_available_in_ids([municipality.pk], [region_id], on))


def services_for_area(area: PlanningArea, *, on: datetime.date | None = None) -> QuerySet[Service]:
    """Active services available anywhere in a planning area (see
    :func:`services_available_in`)."""
    on = on or timezone.localdate()
    municipalities = area.municipalities.all()
    region_ids = set(
        municipalities.exclude(district__region__isnull=True).values_list(
            "district__region_id", flat=True
        )
    )
    return Service.objects.active(on).filter(
        _available_in_ids(municipalities.values_list("pk", flat=True), region_ids, on)
    )


def registry_imports() -> QuerySet[RegistryImport]:
    """Past register imports, newest first."""
    return RegistryImport.objects.select_related("started_by", "job").order_by("-started_at", "-pk")


def last_successful_import() -> RegistryImport | None:
    return registry_imports().filter(status=RegistryImport.Status.SUCCEEDED).first()


def local_services_for_area(area: PlanningArea) -> QuerySet[Service]:
    """Local (non-registered) services available in a planning area, by name."""
    return (
        services_for_area(area)
        .filter(source="local")
        .select_related("local_category", "provider")
        .order_by(czech("name"), "pk")
    )


def provider_name_by_ico(ico: str) -> str | None:
    """The name of the provider with this IČO, or None."""
    return Provider.objects.filter(ico=ico).values_list("name", flat=True).first()
