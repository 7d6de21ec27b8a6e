"""Read queries of the public catalogue: filtering, facets with counts, sorting, the map.

A :class:`Criteria` holds what the person chose (text, facet values, municipality, sort).
:func:`find_services` answers with the ordered ids of the matching services and the counts
of every facet value. Facets combine: values of one facet are alternatives (OR), facets
narrow each other (AND); each facet's counts apply every other facet, so a person sees
what another choice in the same facet would add.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from socplan.territory.models import Municipality, PlanningArea

from . import search
from .models import (
    CodelistItem,
    Facility,
    LifeSituation,
    Service,
    ServiceAreaMunicipality,
    ServiceForm,
    ServiceGroup,
    ServiceRegion,
    Source,
)

SORT_RELEVANCE = "relevance"
SORT_NAME = "name"
SORT_DISTANCE = "distance"
SORTS = (SORT_RELEVANCE, SORT_NAME, SORT_DISTANCE)

# facet key -> query-string parameter
FACETS = ("kind", "group", "form", "target_group", "age_group", "category", "source")


@dataclass
class Criteria:
    query: str = ""
    kind: list[int] = field(default_factory=list)
    group: list[str] = field(default_factory=list)
    form: list[int] = field(default_factory=list)
    target_group: list[int] = field(default_factory=list)
    age_group: list[int] = field(default_factory=list)
    category: list[int] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    municipality: Municipality | None = None
    area: PlanningArea | None = None
    include_ended: bool = False
    sort: str = SORT_RELEVANCE

    @property
    def effective_sort(self) -> str:
        if self.sort == SORT_DISTANCE and self.municipality is not None:
            return SORT_DISTANCE
        if self.sort == SORT_RELEVANCE and self.query.strip():
            return SORT_RELEVANCE
        return SORT_NAME

    @property
    def has_filters(self) -> bool:
        return bool(
            self.query.strip()
            or self.municipality
            or self.include_ended
            or any(getattr(self, name) for name in FACETS)
        )


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Found:
    ids: list[int]
    facets: dict[str, list[FacetValue]]
    distances: dict[int, float]
    municipality_counts: list[tuple[Municipality, int]] | None = None

    @property
    def total(self) -> int:
        return len(self.ids)


# --- availability -------------------------------------------------------------------------


def _region_id(municipality: Municipality) -> int | None:
    if municipality.district_id and municipality.district.region_id:
        return municipality.district.region_id
    if municipality.orp_id and municipality.orp.region_id:
        return municipality.orp.region_id
    return None


def _open_facilities(on: datetime.date, include_ended: bool):
    facilities = Facility.objects.all()
    if not include_ended:
        facilities = facilities.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=on),
            Q(end_date__isnull=True) | Q(end_date__gte=on),
        )
    return facilities


def available_q(municipality_ids, region_ids, *, include_ended=False, on=None) -> Q:
    """Services available in (any of) these municipalities: an open facility there, or a
    row of the service area, or the register's extended scope over their region."""
    on = on or timezone.localdate()
    facility = _open_facilities(on, include_ended).filter(
        service=OuterRef("pk"), municipality_id__in=municipality_ids
    )
    area_row = ServiceAreaMunicipality.objects.filter(
        service=OuterRef("pk"), municipality_id__in=municipality_ids
    )
    condition = Q(Exists(facility)) | Q(Exists(area_row))
    region_ids = [pk for pk in region_ids if pk is not None]
    if region_ids:
        condition |= Q(
            Exists(ServiceRegion.objects.filter(service=OuterRef("pk"), region_id__in=region_ids))
        )
    return condition


def area_region_ids(area: PlanningArea) -> list[int]:
    from socplan.territory.selectors import region_ids_of_area

    return sorted(region_ids_of_area(area=area))


# --- filtering ----------------------------------------------------------------------------


def base_queryset(criteria: Criteria) -> QuerySet:
    """Services before the facets: active (unless asked otherwise), in the area, available
    in the chosen municipality."""
    services = Service.objects.all()
    if not criteria.include_ended:
        services = services.active()
    if criteria.area is not None:
        services = services.filter(
            available_q(
                criteria.area.municipalities.values("pk"),
                area_region_ids(criteria.area),
                include_ended=criteria.include_ended,
            )
        )
    if criteria.municipality is not None:
        services = services.filter(
            available_q(
                [criteria.municipality.pk],
                [_region_id(criteria.municipality)],
                include_ended=criteria.include_ended,
            )
        )
    return services


def _facet_q(name: str, values) -> Q:
    if name == "kind":
        return Q(kind_id__in=values)
    if name == "group":
        return Q(kind__group__in=values)
    if name == "category":
        return Q(local_category_id__in=values)
    if name == "source":
        return Q(source__in=values)
    if name == "form":
        return Q(Exists(ServiceForm.objects.filter(service=OuterRef("pk"), form_id__in=values)))
    if name == "target_group":
        through = Service.target_groups.through
        return Q(
            Exists(through.objects.filter(service_id=OuterRef("pk"), codelistitem_id__in=values))
        )
    if name == "age_group":
        through = Service.age_groups.through
        return Q(
            Exists(through.objects.filter(service_id=OuterRef("pk"), codelistitem_id__in=values))
        )
    raise ValueError(name)


def filtered(criteria: Criteria, *, except_facet: str | None = None) -> QuerySet:
    services = base_queryset(criteria)
    for name in FACETS:
        values = getattr(criteria, name)
        if values and name != except_facet:
            services = services.filter(_facet_q(name, values))
    if criteria.query.strip():
        services = search.filter_services(services, criteria.query)
    return services


def _counts(name: str, services: QuerySet) -> dict[str, int]:
    if name in ("kind", "group", "category", "source"):
        column = {
            "kind": "kind_id",
            "group": "kind__group",
            "category": "local_category_id",
            "source": "source",
        }[name]
        rows = services.order_by().values(column).annotate(n=Count("pk")).values_list(column, "n")
    elif name == "form":
        rows = (
            ServiceForm.objects.filter(service__in=services.values("pk"))
            .order_by()
            .values("form_id")
            .annotate(n=Count("service_id", distinct=True))
            .values_list("form_id", "n")
        )
    else:
        through = (
            Service.target_groups.through if name == "target_group" else Service.age_groups.through
        )
        rows = (
            through.objects.filter(service_id__in=services.values("pk"))
            .order_by()
            .values("codelistitem_id")
            .annotate(n=Count("service_id"))
            .values_list("codelistitem_id", "n")
        )
    return {str(key): n for key, n in rows if key not in (None, "")}


def _facet_options(name: str) -> list[tuple[str, str]]:
    if name == "group":
        return [(value, str(label)) for value, label in ServiceGroup.choices]
    if name == "source":
        return [(value, str(label)) for value, label in Source.choices]
    items = {
        "kind": CodelistItem.objects.kinds(),
        "form": CodelistItem.objects.forms(),
        "target_group": CodelistItem.objects.target_groups(),
        "age_group": CodelistItem.objects.age_groups(),
        "category": CodelistItem.objects.local_categories(),
    }[name]
    return [(str(item.pk), item.label if name == "kind" else str(item)) for item in items]


def facets(criteria: Criteria) -> dict[str, list[FacetValue]]:
    """Every facet's values with the number of services each would give (values that give
    none are left out unless chosen)."""
    result = {}
    for name in FACETS:
        counts = _counts(name, filtered(criteria, except_facet=name))
        chosen = {str(v) for v in getattr(criteria, name)}
        values = [
            FacetValue(value, label, counts.get(value, 0), value in chosen)
            for value, label in _facet_options(name)
            if counts.get(value) or value in chosen
        ]
        if name == "target_group":  # 28 groups: the most frequent first
            values.sort(key=lambda v: -v.count)
        result[name] = values
    return result


def municipality_counts(criteria: Criteria) -> list[tuple[Municipality, int]]:
    """For an area: each of its municipalities with the number of matching services
    available there (the municipality facet)."""
    area = criteria.area
    municipalities = list(area.municipalities.select_related("district", "orp").order_by("name"))
    without = Criteria(**{**criteria.__dict__, "municipality": None})
    service_ids = set(filtered(without).values_list("pk", flat=True))
    on = timezone.localdate()
    by_municipality: dict[int, set[int]] = defaultdict(set)
    for service_id, municipality_id in (
        _open_facilities(on, criteria.include_ended)
        .filter(service_id__in=filtered(without).values("pk"), municipality__planning_areas=area)
        .values_list("service_id", "municipality_id")
    ):
        by_municipality[municipality_id].add(service_id)
    for service_id, municipality_id in ServiceAreaMunicipality.objects.filter(
        service_id__in=filtered(without).values("pk"), municipality__planning_areas=area
    ).values_list("service_id", "municipality_id"):
        by_municipality[municipality_id].add(service_id)
    by_region: dict[int, set[int]] = defaultdict(set)
    for service_id, region_id in ServiceRegion.objects.filter(
        service_id__in=filtered(without).values("pk")
    ).values_list("service_id", "region_id"):
        by_region[region_id].add(service_id)
    rows = []
    for m in municipalities:
        ids = by_municipality[m.pk] | by_region.get(_region_id(m), set())
        rows.append((m, len(ids & service_ids)))
    return rows


# --- distance -----------------------------------------------------------------------------


def _km(lat1, lon1, lat2, lon2) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def distances(services: QuerySet, municipality: Municipality, *, include_ended=False) -> dict:
    """Kilometres from the municipality to each service's nearest place (its facility, or
    the facility's municipality when the facility has no coordinates)."""
    if not municipality.has_point:
        return {}
    lat0, lon0 = float(municipality.latitude), float(municipality.longitude)
    nearest: dict[int, float] = {}
    rows = (
        _open_facilities(timezone.localdate(), include_ended)
        .filter(service_id__in=services.values("pk"))
        .values_list(
            "service_id",
            "latitude",
            "longitude",
            "municipality__latitude",
            "municipality__longitude",
        )
    )
    for service_id, lat, lon, mlat, mlon in rows:
        if lat is None or lon is None:
            lat, lon = mlat, mlon
        if lat is None or lon is None:
            continue
        km = _km(lat0, lon0, float(lat), float(lon))
        if km < nearest.get(service_id, math.inf):
            nearest[service_id] = km
    return nearest


# --- the search ---------------------------------------------------------------------------


def find_services(criteria: Criteria, *, with_facets: bool = True) -> Found:
    services = filtered(criteria)
    sort = criteria.effective_sort
    found_distances: dict[int, float] = {}
    if sort == SORT_RELEVANCE:
        ids = search.ranked_ids(base_for_ranking(criteria), criteria.query)
    else:
        ids = list(services.order_by("name", "pk").values_list("pk", flat=True))
    if criteria.municipality is not None and criteria.municipality.has_point:
        found_distances = distances(
            services, criteria.municipality, include_ended=criteria.include_ended
        )
        if sort == SORT_DISTANCE:
            position = {pk: i for i, pk in enumerate(ids)}
            ids.sort(key=lambda pk: (found_distances.get(pk, math.inf), position[pk]))
    return Found(
        ids=ids,
        facets=facets(criteria) if with_facets else {},
        distances=found_distances,
        municipality_counts=(
            municipality_counts(criteria) if with_facets and criteria.area else None
        ),
    )


def base_for_ranking(criteria: Criteria) -> QuerySet:
    """All filters but the text (which :func:`search.ranked_ids` applies and ranks)."""
    return filtered(Criteria(**{**criteria.__dict__, "query": ""}))


def services_for_display(ids: list[int]) -> list[Service]:
    """The services of one page, in the order of ``ids``, with what the list shows."""
    services = (
        Service.objects.filter(pk__in=ids)
        .select_related("provider", "kind", "local_category")
        .prefetch_related("target_groups", "forms__form", "facilities__municipality")
    )
    by_id = {s.pk: s for s in services}
    on = timezone.localdate()
    for service in by_id.values():
        active = service.is_active_on(on)
        service.place_names = sorted(
            {
                f.municipality.name
                for f in service.facilities.all()
                if f.municipality_id and (not active or f.is_active_on(on))
            },
            key=str.casefold,
        )
    return [by_id[pk] for pk in ids if pk in by_id]


def map_points(services: list[Service], *, link_text: str = "") -> list[dict]:
    """Markers for ``socplan/js/map.js``: every open facility with coordinates (secret
    addresses never)."""
    on = timezone.localdate()
    points = []
    for service in services:
        for facility in service.facilities.all():
            if facility.is_secret_address or not facility.has_point:
                continue
            if service.is_active_on(on) and not facility.is_active_on(on):
                continue
            points.append(
                {
                    "name": service.name,
                    "lat": float(facility.latitude),
                    "lon": float(facility.longitude),
                    "label": facility.address_line,
                    "url": service.get_absolute_url(),
                    "linkText": link_text or service.name,
                }
            )
    return points


# --- municipalities, life situations ------------------------------------------------------


def resolve_municipality(text: str, *, area: PlanningArea | None = None) -> list[Municipality]:
    """Municipalities a person means by a name or a ČSÚ code (several when the name is
    shared, none when unknown)."""
    from socplan.territory.models import search_key

    text = (text or "").strip()
    if not text:
        return []
    candidates = Municipality.objects.select_related("district", "district__region", "orp")
    if area is not None:
        candidates = candidates.filter(planning_areas=area)
    if text.isdigit():
        return list(candidates.filter(code=text))
    key = search_key(text)
    exact = list(candidates.filter(search_name=key).order_by("name", "code")[:20])
    if exact:
        return exact
    return list(candidates.filter(search_name__startswith=key).order_by("name", "code")[:20])


def life_situations(area: PlanningArea | None) -> list[LifeSituation]:
    """The area's own life situations, or the nationwide defaults when it has none."""
    situations = LifeSituation.objects.prefetch_related("kinds", "target_groups")
    if area is not None:
        own = list(situations.filter(planning_area=area))
        if own:
            return own
    return list(situations.filter(planning_area__isnull=True))


def area_has_own_life_situations(area: PlanningArea) -> bool:
    return LifeSituation.objects.filter(planning_area=area).exists()
