"""Read queries of the public catalogue: filtering, facets with counts, sorting, the map.

A :class:`Criteria` holds what the person chose (text, facet values, municipality, sort).
:func:`find_services` answers with the ordered ids of the matching services and the counts
of every facet value. Facets combine: values of one facet are alternatives (OR), facets
narrow each other (AND); each facet's counts apply every other choice, so a person sees
what another value of the same facet would add.

Speed: the national catalogue has ~6,700 services. Which service has which kind, form,
target group, facility municipality... changes only with an import or an edit, so it is
read once into a :class:`CatalogueIndex` (sets of service ids per facet value) kept in the
cache under a key that changes with the data (:func:`data_version`). A search is then one
full-text query plus set operations, whatever the number of facets.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from socplan.core.collation import czech_sort_key
from socplan.core.numbers import is_digits
from socplan.territory.models import Municipality, PlanningArea

from . import search
from .models import (
    Capacity,
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

# facets, each a query-string parameter
FACETS = ("kind", "group", "form", "target_group", "age_group", "category", "source")
INDEX_VERSION = 6  # bump when CatalogueIndex changes shape
INDEX_TIMEOUT = 24 * 3600


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
        """The order of the results. Unless the person chose one: the best matches first
        for a text, else the nearest first from the municipality they gave (where they
        live), else by name in Czech alphabetical order (ch after h)."""
        if self.sort == SORT_DISTANCE and self.municipality is not None:
            return SORT_DISTANCE
        if self.sort == SORT_RELEVANCE and self.query.strip():
            return SORT_RELEVANCE
        if self.sort == SORT_RELEVANCE and self.municipality is not None:
            return SORT_DISTANCE
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


# --- the index ----------------------------------------------------------------------------


@dataclass
class ServiceCard:
    """What the result list shows of a service (read with the index, no query per page)."""

    pk: int
    name: str
    url: str
    provider_name: str
    kind_label: str
    category: str
    form_names: list[str]
    place_names: list[str]
    is_local: bool
    is_active: bool
    is_demo: bool
    distance_text: str = ""
    in_shortlist: bool = False
    html: str = ""  # the rendered card (set by the view)


@dataclass
class CatalogueIndex:
    """Which services have which facet values and where they are (service ids)."""

    on: datetime.date
    cards: dict[int, ServiceCard]
    ordered_ids: list[int]  # every service, in Czech name order
    all_ids: set[int]
    order: dict[int, int]  # service id -> position in Czech name order
    active: set[int]
    facets: dict[str, dict[str, set[int]]]  # facet -> value -> service ids
    labels: dict[str, list[tuple[str, str]]]  # facet -> (value, label) of codelists
    open_in: dict[int, set[int]]  # municipality id -> services with an open facility there
    any_in: dict[int, set[int]]  # municipality id -> services with any facility there
    area_rows: dict[int, set[int]]  # municipality id -> services serving it (area rows)
    in_region: dict[int, set[int]]  # region id -> services with that extended scope
    open_points: dict[int, list[tuple[float, float]]]  # service id -> open places
    any_points: dict[int, list[tuple[float, float]]]
    # service id -> map markers (lat, lon, municipality) of places with their own
    # coordinates and a public address
    open_markers: dict[int, list[tuple[float, float, str]]]
    any_markers: dict[int, list[tuple[float, float, str]]]
    key: str = ""  # the cache key: changes with the data

    def available_in(self, municipality_ids, region_ids, *, include_ended: bool) -> set[int]:
        places = self.any_in if include_ended else self.open_in
        found: set[int] = set()
        for pk in municipality_ids:
            found |= places.get(pk, set())
            found |= self.area_rows.get(pk, set())
        for pk in region_ids:
            found |= self.in_region.get(pk, set())
        return found


def data_version() -> str:
    """Changes whenever the data of the index changes: every reindexing of the search
    (:func:`search.reindex_services`, which whoever changes a service calls: the import,
    the review, the demo) and every save of a service replace a token in the shared cache;
    the highest ids of the tables cover rows added otherwise. (One cheap query: nothing
    that reads every row, a service row is large with the register's record.)"""
    tables = [
        model._meta.db_table
        for model in (
            Service,
            Facility,
            ServiceAreaMunicipality,
            ServiceRegion,
            ServiceForm,
            Service.target_groups.through,
            Service.age_groups.through,
        )
    ]
    sql = "SELECT " + ", ".join(f"(SELECT MAX(id) FROM {table})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        highest = cursor.fetchone()
    return f"{search.index_generation()}-" + "-".join(str(pk or 0) for pk in highest)


def _build_index(on: datetime.date) -> CatalogueIndex:
    order = {
        pk: position
        for position, (pk, _name) in enumerate(
            sorted(
                Service.objects.values_list("pk", "name"),
                key=lambda row: (czech_sort_key(row[1]), row[0]),
            )
        )
    }
    active = set(Service.objects.active(on).values_list("pk", flat=True))
    facets: dict[str, dict[str, set[int]]] = {name: defaultdict(set) for name in FACETS}
    codelist = {item.pk: item for item in CodelistItem.objects.all()}
    rows = Service.objects.values_list(
        "pk", "kind_id", "kind__group", "local_category_id", "source"
    )
    for pk, kind, group, category, source in rows:
        if kind:
            facets["kind"][str(kind)].add(pk)
        if group:
            facets["group"][group].add(pk)
        if category:
            facets["category"][str(category)].add(pk)
        facets["source"][source].add(pk)
    forms_of: dict[int, list[CodelistItem]] = defaultdict(list)
    for pk, form in ServiceForm.objects.values_list("service_id", "form_id"):
        facets["form"][str(form)].add(pk)
        forms_of[pk].append(codelist[form])
    for name, through in [
        ("target_group", Service.target_groups.through),
        ("age_group", Service.age_groups.through),
    ]:
        for pk, value in through.objects.values_list("service_id", "codelistitem_id"):
            facets[name][str(value)].add(pk)

    open_in: dict[int, set[int]] = defaultdict(set)
    any_in: dict[int, set[int]] = defaultdict(set)
    open_points: dict[int, list] = defaultdict(list)
    any_points: dict[int, list] = defaultdict(list)
    facilities = Facility.objects.values_list(
        "service_id",
        "municipality_id",
        "municipality__name",
        "start_date",
        "end_date",
        "latitude",
        "longitude",
        "municipality__latitude",
        "municipality__longitude",
        "is_secret_address",
    )
    open_markers: dict[int, list] = defaultdict(list)
    any_markers: dict[int, list] = defaultdict(list)
    places_of: dict[int, set[str]] = defaultdict(set)
    open_places_of: dict[int, set[str]] = defaultdict(set)
    for pk, municipality, town, start, end, lat, lon, mlat, mlon, secret in facilities:
        is_open = (start is None or start <= on) and (end is None or end >= on)
        if lat is not None and lon is not None and not secret:
            marker = (float(lat), float(lon), town or "")
            any_markers[pk].append(marker)
            if is_open:
                open_markers[pk].append(marker)
        if town:
            places_of[pk].add(town)
            if is_open:
                open_places_of[pk].add(town)
        point = None
        if lat is not None and lon is not None:
            point = (float(lat), float(lon))
        elif mlat is not None and mlon is not None:
            point = (float(mlat), float(mlon))
        if municipality:
            any_in[municipality].add(pk)
            if is_open:
                open_in[municipality].add(pk)
        if point:
            any_points[pk].append(point)
            if is_open:
                open_points[pk].append(point)
    area_rows: dict[int, set[int]] = defaultdict(set)
    for pk, municipality in ServiceAreaMunicipality.objects.values_list(
        "service_id", "municipality_id"
    ):
        area_rows[municipality].add(pk)
    in_region: dict[int, set[int]] = defaultdict(set)
    for pk, region in ServiceRegion.objects.values_list("service_id", "region_id"):
        in_region[region].add(pk)

    codelists = {
        "kind": CodelistItem.objects.kinds(),
        "form": CodelistItem.objects.forms(),
        "target_group": CodelistItem.objects.target_groups(),
        "age_group": CodelistItem.objects.age_groups(),
        "category": CodelistItem.objects.local_categories(),
    }
    labels = {
        name: [(str(i.pk), i.label if name == "kind" else str(i)) for i in items]
        for name, items in codelists.items()
    }
    cards = {}
    rows = Service.objects.values_list(
        "pk", "name", "provider__name", "kind_id", "local_category_id", "source", "is_demo"
    )
    for pk, name, provider, kind, category, source, is_demo in rows:
        is_active = pk in active
        forms = sorted(forms_of.get(pk, []), key=lambda item: (item.order, item.name))
        places = open_places_of.get(pk, set()) if is_active else places_of.get(pk, set())
        cards[pk] = ServiceCard(
            pk=pk,
            name=name,
            url=reverse("catalogue:service_detail", kwargs={"pk": pk}),
            provider_name=provider,
            kind_label=codelist[kind].label if kind else "",
            category=str(codelist[category]) if category else "",
            form_names=[str(item) for item in forms],
            place_names=sorted(places, key=czech_sort_key),
            is_local=source == Source.LOCAL,
            is_active=is_active,
            is_demo=is_demo,
        )
    ordered_ids = sorted(order, key=order.get)
    return CatalogueIndex(
        on=on,
        cards=cards,
        ordered_ids=ordered_ids,
        all_ids=set(ordered_ids),
        order=order,
        active=active,
        facets={name: dict(values) for name, values in facets.items()},
        labels=labels,
        open_in=dict(open_in),
        any_in=dict(any_in),
        area_rows=dict(area_rows),
        in_region=dict(in_region),
        open_points=dict(open_points),
        any_points=dict(any_points),
        open_markers=dict(open_markers),
        any_markers=dict(any_markers),
    )


# The last index this process used, with its cache key. Reading the index from the shared
# cache means unpickling ~1 MB on every search; this copy is used only while its key (the
# data version) is still current, so every process still sees every change at once.
_last_index: dict[str, CatalogueIndex] = {}


def catalogue_index() -> CatalogueIndex:
    on = timezone.localdate()
    version = re.sub(r"[^0-9A-Za-z-]", "", data_version())
    key = f"catalogue-index-{INDEX_VERSION}-{connection.alias}-{on}-{version}"
    index = _last_index.get(key)
    if index is None:
        index = cache.get(key)
        if index is None:
            index = _build_index(on)
            index.key = key
            cache.set(key, index, INDEX_TIMEOUT)
        _last_index.clear()
        _last_index[key] = index
    return index


# --- the search ---------------------------------------------------------------------------


def _region_id(municipality: Municipality) -> int | None:
    if municipality.district_id and municipality.district.region_id:
        return municipality.district.region_id
    if municipality.orp_id and municipality.orp.region_id:
        return municipality.orp.region_id
    return None


def area_region_ids(area: PlanningArea) -> list[int]:
    from socplan.territory.selectors import region_ids_of_area

    return sorted(region_ids_of_area(area=area))


def _chosen(index: CatalogueIndex, criteria: Criteria) -> dict[str, set[int]]:
    """Services matching each facet with a choice (values of a facet: OR)."""
    chosen = {}
    for name in FACETS:
        values = getattr(criteria, name)
        if values:
            found: set[int] = set()
            for value in values:
                found |= index.facets[name].get(str(value), set())
            chosen[name] = found
    return chosen


def _facet_labels(index: CatalogueIndex, name: str) -> list[tuple[str, str]]:
    if name == "group":
        return [(value, str(label)) for value, label in ServiceGroup.choices]
    if name == "source":
        return [(value, str(label)) for value, label in Source.choices]
    return index.labels[name]


def _km(lat1, lon1, lat2, lon2) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def distances(index: CatalogueIndex, ids, municipality: Municipality, *, include_ended=False):
    """Kilometres from the municipality to each service's nearest place (its facility, or
    the facility's municipality when the facility has no coordinates)."""
    if not municipality.has_point:
        return {}
    lat0, lon0 = float(municipality.latitude), float(municipality.longitude)
    points = index.any_points if include_ended else index.open_points
    found = {}
    for pk in ids:
        places = points.get(pk)
        if places:
            found[pk] = min(_km(lat0, lon0, lat, lon) for lat, lon in places)
    return found


def _intersection(sets) -> set[int]:
    sets = sorted(sets, key=len)
    result = set(sets[0])
    for other in sets[1:]:
        result &= other
    return result


def find_services(
    criteria: Criteria,
    *,
    with_facets: bool = True,
    with_municipality_counts: bool | None = None,
    index: CatalogueIndex | None = None,
) -> Found:
    """The matching services in order, with the counts of the facet values
    (``with_facets``) and, for an area, of its municipalities (by default with the
    facets)."""
    index = index or catalogue_index()
    if with_municipality_counts is None:
        with_municipality_counts = with_facets
    # what limits the result besides the facets (and the municipality, for its own counts)
    limits = [index.active if not criteria.include_ended else index.all_ids]
    if criteria.area is not None:
        limits.append(
            index.available_in(
                criteria.area.municipalities.values_list("pk", flat=True),
                area_region_ids(criteria.area),
                include_ended=criteria.include_ended,
            )
        )
    if criteria.query.strip():
        ranks = search.rank_map(criteria.query)
        limits.append(set(ranks))
    else:
        ranks = {}
    in_municipality = None
    if criteria.municipality is not None:
        in_municipality = index.available_in(
            [criteria.municipality.pk],
            [_region_id(criteria.municipality)],
            include_ended=criteria.include_ended,
        )
    chosen = _chosen(index, criteria)
    base = _intersection(limits + ([in_municipality] if in_municipality is not None else []))
    matching = _intersection([base, *chosen.values()])

    sort = criteria.effective_sort
    found_distances: dict[int, float] = {}
    if criteria.municipality is not None:
        found_distances = distances(
            index, matching, criteria.municipality, include_ended=criteria.include_ended
        )
    if sort == SORT_RELEVANCE:
        ids = sorted(matching, key=lambda pk: (ranks.get(pk, 0.0), index.order[pk]))
    elif sort == SORT_DISTANCE:
        ids = sorted(matching, key=lambda pk: (found_distances.get(pk, math.inf), index.order[pk]))
    else:
        ids = [pk for pk in index.ordered_ids if pk in matching]

    facets = {}
    municipality_counts = None
    if with_facets:
        for name in FACETS:
            others = [found for other, found in chosen.items() if other != name]
            candidates = _intersection([base, *others]) if others else base
            selected = {str(v) for v in getattr(criteria, name)}
            values = []
            for value, label in _facet_labels(index, name):
                count = len(index.facets[name].get(value, set()) & candidates)
                if count or value in selected:
                    values.append(FacetValue(value, label, count, value in selected))
            if name == "target_group":  # 28 groups: the most frequent first
                values.sort(key=lambda v: -v.count)
            facets[name] = values
    if with_municipality_counts and criteria.area is not None:
        without_municipality = _intersection([*limits, *chosen.values()])
        municipality_counts = _municipality_counts(index, criteria, without_municipality)
    return Found(
        ids=ids,
        facets=facets,
        distances=found_distances,
        municipality_counts=municipality_counts,
    )


def _municipality_counts(index, criteria, matching) -> list[tuple[Municipality, int]]:
    """For an area: each of its municipalities with the number of matching services
    available there (the municipality facet)."""
    municipalities = criteria.area.municipalities.select_related("district", "orp")
    rows = []
    for m in sorted(municipalities, key=lambda m: czech_sort_key(m.name)):
        there = index.available_in([m.pk], [_region_id(m)], include_ended=criteria.include_ended)
        rows.append((m, len(there & matching)))
    return rows


FACILITY_FIELDS = [
    "id",
    "service_id",
    "name",
    "street",
    "house_number",
    "house_number_type",
    "orientation_number",
    "postcode",
    "municipality_id",
    "latitude",
    "longitude",
    "is_secret_address",
    "start_date",
    "end_date",
]


def services_for_display(ids: list[int]) -> list[Service]:
    """The services of one page, in the order of ``ids``, with what the list shows."""
    services = (
        Service.objects.filter(pk__in=ids)
        .defer("register_data", "search_text")
        .select_related("provider", "kind", "local_category")
        .prefetch_related(
            Prefetch("forms", ServiceForm.objects.select_related("form")),
            # the shortlist shows the capacities of each form
            Prefetch("forms__capacities", Capacity.objects.select_related("type")),
            Prefetch(
                "facilities",
                Facility.objects.select_related("municipality").only(
                    *FACILITY_FIELDS, "municipality__name"
                ),
            ),
        )
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
            key=czech_sort_key,
        )
    return [by_id[pk] for pk in ids if pk in by_id]


def cards_for_display(ids: list[int], *, index: CatalogueIndex | None = None) -> list[ServiceCard]:
    """The result list's cards of one page, in the order of ``ids`` (copies: the caller
    may set ``distance_text`` and ``in_shortlist``). ``index``: the one the caller already
    has (each :func:`catalogue_index` reads the data version again)."""
    cards = (index or catalogue_index()).cards
    return [dataclasses.replace(cards[pk]) for pk in ids if pk in cards]


def page_map_points(
    ids: list[int], *, link_text: str = "", index: CatalogueIndex | None = None
) -> dict:
    """Markers for ``socplan/js/map.js`` of the services of one page, in its compact form
    (each service's name and link once, then its places): their open places (every place
    of an ended service) with coordinates; secret addresses never."""
    index = index or catalogue_index()
    services = []
    for pk in ids:
        card = index.cards.get(pk)
        if card is None:
            continue
        markers = index.open_markers if card.is_active else index.any_markers
        places = [[round(lat, 5), round(lon, 5), town] for lat, lon, town in markers.get(pk, [])]
        if places:
            services.append({"name": card.name, "url": card.url, "places": places})
    return {"linkText": link_text, "services": services} if services else {}


def map_points(services: list[Service], *, link_text: str = "") -> list[dict]:
    """Markers for ``socplan/js/map.js``: the open facilities with coordinates (all of
    them for an ended service); secret addresses never."""
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
    # the district's name is shown when several match; of the region only its id is used
    # (:func:`_region_id`), which the district and the ORP rows hold
    candidates = Municipality.objects.select_related("district", "orp")
    if area is not None:
        candidates = candidates.filter(planning_areas=area)
    if is_digits(text):
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
