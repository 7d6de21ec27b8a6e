"""Services against needs: which registered and local services reach each municipality of
an area, the capacity against the population it serves, and the white spots.

Service functions (stable; the pages, ``socplan area_profile``, the plan document):

``coverage(area, *, register=None, on=None)`` → :class:`Coverage`
    the matrix municipality × kind of service (``rows``, ``columns``), the distance from each
    municipality to the nearest facility of each kind, capacity ratios with the ORPs,
    regions, Czechia and the national benchmarks (``ratios``), white spots (``white_spots``);
    ``map(column)`` draws the matrix column as a map.
``load_register(on=None)`` → :class:`Register`
    every active service of the catalogue with its reach and its capacity attributed to
    municipalities; load it once to cover many areas (:func:`national_coverage`).
``national_coverage(register=None)`` → dict
    per ORP code: white spots and ratios (the benchmark of all 206 ORPs).
``indicator_value(area, key)`` → IndicatorValue | None
    keys ``coverage.<ratio key>[@level]`` (see :data:`RATIOS`, e.g.
    ``coverage.13.beds_per_1000_80@cz``) and ``coverage.white_spots.<column>``.
``tables(coverage)`` → dict of :class:`socplan.core.tables.Table`.

How a service reaches a municipality: a field service (form ``terénní``) by its declared
area: the municipalities of its service area (from its facilities and added by hand) and
every municipality of a region of its extended scope; a residential or outpatient service by
the municipalities where its active facilities are. A local service without a form reaches
its service area and its facilities' municipalities.

How capacity is attributed (:data:`ATTRIBUTION`): the capacity of a residential or
outpatient form is split equally among the service's active facilities and counted where
each facility is; the capacity of a field form is split among the municipalities the service
reaches in proportion to their population of the service's target age (65+ for services for
seniors, 0–14 for services for families with children, everyone otherwise). An area's
capacity is the sum over its municipalities, so a service spanning several areas counts in
each for its share only, and the shares add up to its registered capacity.
"""

from __future__ import annotations

import datetime
import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socplan.catalogue.models import (
    Capacity,
    Codelist,
    CodelistItem,
    Facility,
    Service,
    ServiceAreaMunicipality,
    ServiceForm,
    ServiceRegion,
)
from socplan.catalogue.selectors_public import data_version
from socplan.core.charts import MapArea, Svg, choropleth_map
from socplan.core.collation import czech_sort_key
from socplan.core.numbers import is_digits
from socplan.core.tables import Table
from socplan.territory.models import AgeStructure, Boundary, Municipality

from .demography import (
    AGE_DATE,
    AGE_YEAR,
    I_15,
    I_65,
    I_80,
    Area,
    IndicatorValue,
    national_data_loaded,
    parse_key,
    resolve_area,
)

FIELD, RESIDENTIAL, OUTPATIENT = "ter", "pob", "amb"
SENIOR_KINDS = {"4", "5", "8", "10", "11", "13", "14", "29"}
CHILD_KINDS = {"17", "25", "28"}

ATTRIBUTION = gettext_lazy(
    "Capacity of residential and outpatient services is split equally among their "
    "facilities and counted where each facility is. Capacity of field services is split "
    "among the municipalities they reach in proportion to their population of the target "
    "age (65+ for services for seniors, 0–14 for services for families with children, "
    "everyone otherwise). A service spanning several areas counts in each area only for "
    "its share; the shares add up to its registered capacity, which is a maximum, not the "
    "number of people served."
)
BENCHMARK_SOURCE = gettext_lazy(
    "national analysis of 2019 reported by ČT24: about 83 places in homes for the elderly "
    "and 36 in homes with a special regime per 1,000 people aged 80+, home care reaching "
    "31 per 1,000 aged 65+"
)


@dataclass(frozen=True)
class Ratio:
    key: str
    kind: str  # code of DruhSocialniSluzby
    unit: str  # code of TypKapacitySocialniSluzby
    age: str  # "65+" | "80+"
    label: str
    benchmark: float | None = None


RATIOS = (
    Ratio(
        "13.beds_per_1000_80",
        "13",
        "luzka",
        "80+",
        gettext_lazy("Homes for the elderly: beds per 1,000 aged 80+"),
        83,
    ),
    Ratio(
        "13.beds_per_1000_65",
        "13",
        "luzka",
        "65+",
        gettext_lazy("Homes for the elderly: beds per 1,000 aged 65+"),
    ),
    Ratio(
        "14.beds_per_1000_80",
        "14",
        "luzka",
        "80+",
        gettext_lazy("Homes with a special regime: beds per 1,000 aged 80+"),
        36,
    ),
    Ratio(
        "14.beds_per_1000_65",
        "14",
        "luzka",
        "65+",
        gettext_lazy("Homes with a special regime: beds per 1,000 aged 65+"),
    ),
    Ratio(
        "4.clients_per_1000_65",
        "4",
        "klient",
        "65+",
        gettext_lazy("Home care: clients per 1,000 aged 65+"),
        31,
    ),
)


# --------------------------------------------------------------------------- the register


@dataclass
class ServiceReach:
    pk: int
    name: str
    provider: str
    column: str  # "kind:4" | "local:health"
    source: str
    forms: set[str] = field(default_factory=set)
    reach: set[int] = field(default_factory=set)  # municipality ids
    facilities: list[tuple[int | None, float | None, float | None]] = field(default_factory=list)
    capacities: list[tuple[str, str, int]] = field(default_factory=list)  # form, unit, value

    @property
    def kind(self) -> str:
        return self.column.split(":", 1)[1] if self.column.startswith("kind:") else ""


@dataclass
class Register:
    on: datetime.date
    services: list[ServiceReach]
    columns: dict[str, str]  # column -> label
    column_order: dict[str, int]
    municipalities: dict[int, tuple]  # id -> (code, name, orp_id, region_id, lat, lon)
    ages: dict[int, tuple[int, int, int, int]]  # id -> (total, 0–14, 65+, 80+)
    # (column, unit) -> municipality id -> attributed capacity
    capacity: dict[tuple[str, str], dict[int, float]]
    reach_count: dict[tuple[int, str], int]  # (municipality id, column) -> services
    _grids: dict[str, dict] = field(default_factory=dict)

    def weight(self, municipality_id: int, column: str) -> float:
        ages = self.ages.get(municipality_id)
        if ages is None:
            return 0.0
        kind = column.split(":", 1)[1]
        if column.startswith("kind:") and kind in SENIOR_KINDS:
            return ages[2]
        if column.startswith("kind:") and kind in CHILD_KINDS:
            return ages[1]
        return ages[0]

    def nearest(self, column: str, lat: float, lon: float) -> float | None:
        """Kilometres from a point to the nearest active facility of ``column``."""
        grid = self._grids.get(column)
        if grid is None:
            grid = defaultdict(list)
            for service in self.services:
                if service.column != column:
                    continue
                for _m, f_lat, f_lon in service.facilities:
                    if f_lat is not None:
                        grid[(int(f_lat * 4), int(f_lon * 4))].append((f_lat, f_lon))
            self._grids[column] = grid
        if not grid:
            return None
        cell = (int(lat * 4), int(lon * 4))
        best = None
        for radius in range(0, 40):
            for dx in range(-radius, radius + 1):
                for dy in range(-radius, radius + 1):
                    if max(abs(dx), abs(dy)) != radius:
                        continue
                    for f_lat, f_lon in grid.get((cell[0] + dx, cell[1] + dy), ()):
                        distance = _km(lat, lon, f_lat, f_lon)
                        if best is None or distance < best:
                            best = distance
            # a cell is at least 0.25° of latitude (27 km) or 0.25° of longitude (17 km) wide
            if best is not None and best <= radius * 17:
                break
        return round(best, 1) if best is not None else None


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(a)))


def _active(queryset, on, prefix=""):
    return queryset.filter(
        Q(**{prefix + "start_date__isnull": True}) | Q(**{prefix + "start_date__lte": on}),
        Q(**{prefix + "end_date__isnull": True}) | Q(**{prefix + "end_date__gte": on}),
    )


def load_register(on: datetime.date | None = None) -> Register:
    """Every active service with its reach and attributed capacity (a few queries)."""
    on = on or timezone.localdate()
    services: dict[int, ServiceReach] = {}
    active = Service.objects.active(on)
    for row in active.filter(Q(kind__isnull=False) | Q(local_category__isnull=False)).values(
        "pk", "name", "provider__name", "kind__code", "local_category__code", "source"
    ):
        column = (
            f"kind:{row['kind__code']}"
            if row["kind__code"]
            else f"local:{row['local_category__code']}"
        )
        services[row["pk"]] = ServiceReach(
            pk=row["pk"],
            name=row["name"],
            provider=row["provider__name"],
            column=column,
            source=row["source"],
        )
    ids = list(services)
    columns, order = {}, {}
    for item in CodelistItem.objects.filter(
        codelist__in=[Codelist.KIND, Codelist.LOCAL_CATEGORY]
    ).order_by("codelist", "order", "pk"):
        prefix = "kind" if item.codelist == Codelist.KIND else "local"
        key = f"{prefix}:{item.code}"
        columns[key] = (
            item.name if prefix == "kind" else _("%(name)s (local)") % {"name": item.name}
        )
        order[key] = (0 if prefix == "kind" else 1, _kind_number(item.code), len(order))
    municipalities = {
        row[0]: row[1:]
        for row in Municipality.objects.values_list(
            "pk", "code", "name", "orp_id", "district__region_id", "latitude", "longitude"
        )
    }
    by_region = defaultdict(list)
    for pk, values in municipalities.items():
        if values[3]:
            by_region[values[3]].append(pk)
    for service_id, form in ServiceForm.objects.filter(service_id__in=ids).values_list(
        "service_id", "form__code"
    ):
        services[service_id].forms.add(form)
    for service_id, form, unit, value in Capacity.objects.filter(
        service_form__service_id__in=ids
    ).values_list("service_form__service_id", "service_form__form__code", "type__code", "value"):
        services[service_id].capacities.append((form, unit, value))
    for service_id, municipality_id, lat, lon in _active(
        Facility.objects.filter(service_id__in=ids), on
    ).values_list("service_id", "municipality_id", "latitude", "longitude"):
        point = (float(lat), float(lon)) if lat is not None and lon is not None else (None, None)
        if point[0] is None and municipality_id in municipalities:
            m = municipalities[municipality_id]
            if m[4] is not None:
                point = (float(m[4]), float(m[5]))
        services[service_id].facilities.append((municipality_id, *point))
    declared = defaultdict(set)
    for service_id, municipality_id in ServiceAreaMunicipality.objects.filter(
        service_id__in=ids
    ).values_list("service_id", "municipality_id"):
        declared[service_id].add(municipality_id)
    for service_id, region_id in ServiceRegion.objects.filter(service_id__in=ids).values_list(
        "service_id", "region_id"
    ):
        declared[service_id].update(by_region.get(region_id, ()))
    for service in services.values():
        located = {m for m, _lat, _lon in service.facilities if m}
        if FIELD in service.forms or not service.forms:
            service.reach = declared[service.pk] | located
        else:
            service.reach = located

    ages = {}
    rows = AgeStructure.objects.filter(year=AGE_YEAR).values_list(
        "municipality_id", "total", *_band_fields()
    )
    for municipality_id, total, *bands in rows:
        young = sum(bands[:I_15])
        old, very_old = sum(bands[I_65:]), sum(bands[I_80:])
        previous = ages.get(municipality_id, (0, 0, 0, 0))
        ages[municipality_id] = (
            previous[0] + total,
            previous[1] + young,
            previous[2] + old,
            previous[3] + very_old,
        )

    register = Register(
        on=on,
        services=sorted(services.values(), key=lambda s: czech_sort_key(s.name)),
        columns=columns,
        column_order=order,
        municipalities=municipalities,
        ages=ages,
        capacity=defaultdict(lambda: defaultdict(float)),
        reach_count=defaultdict(int),
    )
    for service in register.services:
        for municipality_id in service.reach:
            register.reach_count[(municipality_id, service.column)] += 1
        _attribute(register, service)
    return register


def _band_fields():
    from socplan.territory.models import AGE_BAND_FIELDS

    return list(AGE_BAND_FIELDS)


def _kind_number(code: str) -> int:
    return int(code) if is_digits(code) else 999


def _attribute(register: Register, service: ServiceReach) -> None:
    """Split the service's capacity among municipalities (see :data:`ATTRIBUTION`)."""
    for form, unit, value in service.capacities:
        target = register.capacity[(service.column, unit)]
        if form == FIELD:
            reach = sorted(service.reach)
            if not reach:
                continue
            weights = [register.weight(m, service.column) for m in reach]
            total = sum(weights)
            if total <= 0:
                weights, total = [1.0] * len(reach), float(len(reach))
            for municipality_id, weight in zip(reach, weights, strict=True):
                target[municipality_id] += value * weight / total
        else:
            located = [m for m, _lat, _lon in service.facilities if m]
            if not located:
                continue
            for municipality_id in located:
                target[municipality_id] += value / len(located)


# --------------------------------------------------------------------------- one area


@dataclass
class Cell:
    services: list[ServiceReach]
    distance: float | None = None  # km to the nearest facility of the kind (not in the area)

    @property
    def count(self) -> int:
        return len(self.services)


@dataclass
class CoverageRow:
    municipality_id: int
    code: str
    name: str
    population: int | None
    cells: dict[str, Cell]


@dataclass
class RatioLevel:
    key: str
    name: str
    capacity: float
    population: int
    value: float | None
    available: bool = True


@dataclass
class RatioRow:
    ratio: Ratio
    levels: list[RatioLevel]


@dataclass
class WhiteSpot:
    column: str
    label: str
    target: str  # label of the target age
    municipalities: list[CoverageRow]
    population: int
    target_population: int
    targets: dict[str, int] = field(default_factory=dict)  # municipality code -> target age


@dataclass
class Coverage:
    area: Area
    on: datetime.date
    columns: list[tuple[str, str]]  # (column, label) of the matrix
    rows: list[CoverageRow]
    services: list[ServiceReach]  # the services reaching the area
    ratios: list[RatioRow]
    white_spots: list[WhiteSpot]
    boundaries: dict[str, list]
    reference_date: datetime.date = AGE_DATE
    register_size: int = 0  # active services of the whole catalogue (region, Czechia)

    def column_label(self, column: str) -> str:
        return dict(self.columns).get(column, column)

    def map(self, column: str) -> Svg | None:
        label = self.column_label(column)
        areas = [
            MapArea(
                code=row.code,
                name=row.name,
                polygons=self.boundaries.get(row.code, []),
                value=row.cells[column].count,
                label=_("%(count)s services") % {"count": row.cells[column].count},
            )
            for row in self.rows
        ]
        return choropleth_map(
            title=_("Services reaching each municipality: %(kind)s") % {"kind": label},
            areas=areas,
            decimals=0,
        )


def _target(column: str) -> tuple[int, str]:
    kind = column.split(":", 1)[1]
    if column.startswith("kind:") and kind in SENIOR_KINDS:
        return 2, _("aged 65+")
    if column.startswith("kind:") and kind in CHILD_KINDS:
        return 1, _("aged 0–14")
    return 0, _("all inhabitants")


def _ratio_level(register, ratio, key, name, municipality_ids, available=True) -> RatioLevel:
    capacity = register.capacity.get((f"kind:{ratio.kind}", ratio.unit), {})
    index = 3 if ratio.age == "80+" else 2
    amount = sum(capacity.get(m, 0.0) for m in municipality_ids)
    population = sum(register.ages.get(m, (0, 0, 0, 0))[index] for m in municipality_ids)
    value = round(1000 * amount / population, 1) if population else None
    return RatioLevel(key, name, round(amount, 1), population, value, available)


def coverage(
    area: Area | str,
    *,
    register: Register | None = None,
    on: datetime.date | None = None,
    distances: bool = True,
) -> Coverage:
    """Services against needs in ``area`` (see the module's docstring)."""
    if isinstance(area, str):
        area = resolve_area(area)
    register = register or load_register(on)
    ids = [m for m in area.municipality_ids if m in register.municipalities]
    id_set = set(ids)
    reaching = [s for s in register.services if s.reach & id_set]
    used = {s.column for s in reaching}
    # the matrix shows every kind reaching the area and the kinds of the ratios
    used |= {f"kind:{r.kind}" for r in RATIOS}
    columns = sorted(
        (c for c in used if c in register.columns),
        key=lambda c: register.column_order.get(c, (9, 999, 0)),
    )
    rows = []
    for municipality_id in ids:
        code, name, _orp, _region, lat, lon = register.municipalities[municipality_id]
        cells = {}
        for column in columns:
            services = [s for s in reaching if s.column == column and municipality_id in s.reach]
            distance = None
            if distances and lat is not None:
                distance = register.nearest(column, float(lat), float(lon))
            cells[column] = Cell(services, distance)
        ages = register.ages.get(municipality_id)
        rows.append(CoverageRow(municipality_id, code, name, ages[0] if ages else None, cells))
    rows.sort(key=lambda r: czech_sort_key(r.name))

    national = national_data_loaded()
    ratios = []
    orp_ids = sorted({register.municipalities[m][2] for m in ids if register.municipalities[m][2]})
    region_ids = sorted(
        {register.municipalities[m][3] for m in ids if register.municipalities[m][3]}
    )
    from socplan.territory.models import Orp, Region

    orps = {o.pk: o for o in Orp.objects.filter(pk__in=orp_ids)}
    regions = {r.pk: r for r in Region.objects.filter(pk__in=region_ids)}
    members_of_orp = defaultdict(list)
    members_of_region = defaultdict(list)
    for pk, values in register.municipalities.items():
        if values[2] in orps:
            members_of_orp[values[2]].append(pk)
        if values[3] in regions:
            members_of_region[values[3]].append(pk)
    for ratio in RATIOS:
        levels = [_ratio_level(register, ratio, "area", area.name, ids)]
        for orp_id in orp_ids:
            if set(members_of_orp[orp_id]) == id_set:
                continue
            levels.append(
                _ratio_level(
                    register,
                    ratio,
                    f"orp:{orps[orp_id].code}",
                    _("ORP %(name)s") % {"name": orps[orp_id].name},
                    members_of_orp[orp_id],
                )
            )
        for region_id in region_ids:
            levels.append(
                _ratio_level(
                    register,
                    ratio,
                    f"region:{regions[region_id].code}",
                    regions[region_id].name,
                    members_of_region[region_id],
                    available=national,
                )
            )
        levels.append(
            _ratio_level(
                register, ratio, "cz", _("Czechia"), list(register.municipalities), national
            )
        )
        ratios.append(RatioRow(ratio, levels))

    white_spots = []
    for column in columns:
        index, target = _target(column)
        missing = [row for row in rows if not row.cells[column].services]
        if not missing:
            continue
        white_spots.append(
            WhiteSpot(
                column=column,
                label=register.columns[column],
                target=target,
                municipalities=missing,
                population=sum(register.ages.get(r.municipality_id, (0,) * 4)[0] for r in missing),
                target_population=sum(
                    register.ages.get(r.municipality_id, (0,) * 4)[index] for r in missing
                ),
                targets={
                    r.code: register.ages.get(r.municipality_id, (0,) * 4)[index] for r in missing
                },
            )
        )
    boundaries = {
        b.code: b.polygons
        for b in Boundary.objects.filter(
            level=Boundary.Level.MUNICIPALITY, code__in=[r.code for r in rows]
        )
    }
    return Coverage(
        area=area,
        on=register.on,
        columns=[(c, register.columns[c]) for c in columns],
        rows=rows,
        services=reaching,
        ratios=ratios,
        white_spots=white_spots,
        boundaries=boundaries,
        register_size=len(register.services),
    )


def national_coverage(register: Register | None = None) -> dict[str, dict]:
    """Per ORP code: the white spots per kind (municipalities and people) and the capacity
    ratios, from one pass over the register."""
    from socplan.territory.models import Orp

    register = register or load_register()
    by_orp = defaultdict(list)
    for pk, values in register.municipalities.items():
        if values[2]:
            by_orp[values[2]].append(pk)
    columns = [c for c in register.columns if c.startswith("kind:")]
    result = {}
    for orp in Orp.objects.all():
        members = by_orp.get(orp.pk, [])
        spots = {}
        for column in columns:
            missing = [m for m in members if not register.reach_count.get((m, column))]
            if missing:
                spots[column] = {
                    "municipalities": len(missing),
                    "population": sum(register.ages.get(m, (0,) * 4)[0] for m in missing),
                }
        result[orp.code] = {
            "municipalities": len(members),
            "white_spots": spots,
            "ratios": {
                ratio.key: _ratio_level(register, ratio, orp.code, orp.name, members).value
                for ratio in RATIOS
            },
        }
    return result


# --------------------------------------------------------------------------- kept across requests

SUMMARY_LAYOUT = 1  # bump when the shape of :func:`coverage_summary` changes
SUMMARY_TIMEOUT = 24 * 3600  # seconds; the key changes with the data and the date anyway


def coverage_summary(register: Register, *, region_id: int | None = None) -> dict:
    """What the region's view reads of the register, as plain values (kept in the shared
    cache by :func:`national_coverage_cached`):

    - ``on``, ``register_size``: the register's date and its active services;
    - ``columns``: ``[(column, label)]`` of the kinds of service (``kind:<code>``), in order;
    - ``orps``: per ORP id: ``municipalities``, ``ages`` (total, 0–14, 65+, 80+),
      ``ratios`` (ratio key → ``[capacity, population, value]``), ``white_spots``
      (column → ``[municipalities, population]``);
    - ``regions``: per region id: ratio key → ``[capacity, population, value]``;
    - ``cz``: the same for Czechia.

    ``region_id``: only the ORPs and the region of one region (Czechia all the same)."""
    by_orp, by_region = defaultdict(list), defaultdict(list)
    for pk, values in register.municipalities.items():
        if region_id is not None and values[3] != region_id:
            continue
        if values[2]:
            by_orp[values[2]].append(pk)
        if values[3]:
            by_region[values[3]].append(pk)
    columns = [(c, str(label)) for c, label in register.columns.items() if c.startswith("kind:")]

    def levels(ids) -> dict:
        result = {}
        for ratio in RATIOS:
            level = _ratio_level(register, ratio, "", "", ids)
            result[ratio.key] = [level.capacity, level.population, level.value]
        return result

    orps = {}
    for orp_id, ids in by_orp.items():
        ages = [register.ages.get(m, (0, 0, 0, 0)) for m in ids]
        spots = {}
        for column, _label in columns:
            missing = [m for m in ids if not register.reach_count.get((m, column))]
            if missing:
                spots[column] = [
                    len(missing),
                    sum(register.ages.get(m, (0,) * 4)[0] for m in missing),
                ]
        orps[orp_id] = {
            "municipalities": len(ids),
            "ages": [sum(a[i] for a in ages) for i in range(4)],
            "ratios": levels(ids),
            "white_spots": spots,
        }
    return {
        "on": register.on,
        "register_size": len(register.services),
        "columns": columns,
        "orps": orps,
        "regions": {r: levels(ids) for r, ids in by_region.items()},
        "cz": levels(list(register.municipalities)),
    }


def territory_version() -> str:
    """Changes whenever the municipalities (their ORP, district), their age structure or the
    capacities change, also by a bulk update that adds no row (``socplan load_reference``,
    ``import_statistics``): counts, highest ids and sums, in one cheap query."""
    from django.db import connection

    from socplan.territory.models import Orp

    municipality = Municipality._meta.db_table
    ages = AgeStructure._meta.db_table
    capacity = Capacity._meta.db_table
    orp = Orp._meta.db_table
    young = " + ".join(_band_fields()[:I_15])
    old = " + ".join(_band_fields()[I_65:])
    very_old = " + ".join(_band_fields()[I_80:])
    parts = [
        f"(SELECT COUNT(*) FROM {municipality})",
        f"(SELECT MAX(id) FROM {municipality})",
        f"(SELECT SUM(COALESCE(orp_id, 0) + 7 * COALESCE(district_id, 0)) FROM {municipality})",
        f"(SELECT COUNT(*) FROM {orp})",
        f"(SELECT MAX(id) FROM {orp})",
        f"(SELECT COUNT(*) FROM {ages} WHERE year = {int(AGE_YEAR)})",
        f"(SELECT MAX(id) FROM {ages})",
        f"(SELECT SUM(total) FROM {ages} WHERE year = {int(AGE_YEAR)})",
        f"(SELECT SUM({young}) FROM {ages} WHERE year = {int(AGE_YEAR)})",
        f"(SELECT SUM({old}) FROM {ages} WHERE year = {int(AGE_YEAR)})",
        f"(SELECT SUM({very_old}) FROM {ages} WHERE year = {int(AGE_YEAR)})",
        f"(SELECT COUNT(*) FROM {capacity})",
        f"(SELECT MAX(id) FROM {capacity})",
        f"(SELECT SUM(value) FROM {capacity})",
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))  # noqa: S608 (table names of models)
        row = cursor.fetchone()
    return "-".join(str(value or 0) for value in row)


def summary_cache_key(on: datetime.date) -> str:
    """The key of :func:`national_coverage_cached`: the catalogue's data version (every
    import, reindexing and save of a service changes it), the territory's
    (:func:`territory_version`) and the date."""
    raw = f"{on.isoformat()}|{data_version()}|{territory_version()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"analysis-coverage-summary:{SUMMARY_LAYOUT}:{digest}"


def national_coverage_cached(*, on: datetime.date | None = None) -> dict:
    """:func:`coverage_summary` of the whole country on ``on`` (today), kept in the shared
    cache (every process and server reads it; core.E010) under :func:`summary_cache_key`:
    the register is loaded (about a second of CPU nationally) only when the catalogue, the
    territory or the date changed."""
    from django.core.cache import cache

    on = on or timezone.localdate()
    key = summary_cache_key(on)
    summary = cache.get(key)
    if summary is None:
        summary = coverage_summary(load_register(on))
        cache.set(key, summary, SUMMARY_TIMEOUT)
    return summary


# --------------------------------------------------------------------------- indicators


def indicator_value(area: Area | str, key: str, *, result: Coverage | None = None):
    if isinstance(area, str):
        area = resolve_area(area)
    group, name, level_key, _code = parse_key(key)
    if group != "coverage":
        return None
    result = result or coverage(area, distances=False)
    if name.startswith("white_spots."):
        column = name.split(".", 1)[1]
        spot = next((w for w in result.white_spots if w.column == column), None)
        label = _("Municipalities no service reaches: %(kind)s") % {
            "kind": result.column_label(column)
        }
        return IndicatorValue(
            key=key,
            label=label,
            value=len(spot.municipalities) if spot else 0,
            date=result.on,
            source=_("register of social services and local services"),
        )
    row = next((r for r in result.ratios if r.ratio.key == name), None)
    if row is None:
        return None
    level = next((lv for lv in row.levels if lv.key == (level_key or "area")), None)
    if level is None or not level.available:
        return None
    return IndicatorValue(
        key=key,
        label=f"{row.ratio.label}: {level.name}",
        value=level.value,
        date=result.on,
        source=_("register of social services; ČSÚ population 31 Dec 2020"),
    )


# --------------------------------------------------------------------------- tables


def tables(result: Coverage) -> dict[str, Table]:
    matrix = Table(
        name="matrix",
        title=_("Services reaching each municipality, by kind"),
        columns=[_("Municipality"), _("Code"), _("Population")]
        + [label for _c, label in result.columns],
        rows=[
            [row.name, row.code, row.population]
            + [row.cells[c].count for c, _label in result.columns]
            for row in result.rows
        ],
        source=_("register of social services and local services, %(date)s")
        % {"date": result.on.isoformat()},
    )
    distances = Table(
        name="distances",
        title=_("Distance to the nearest facility of each kind (km)"),
        columns=[_("Municipality"), _("Code")] + [label for _c, label in result.columns],
        rows=[
            [row.name, row.code] + [row.cells[c].distance for c, _label in result.columns]
            for row in result.rows
        ],
        source=_("straight-line distance from the municipality's point to the facility"),
    )
    ratios = Table(
        name="capacity",
        title=_("Capacity against population"),
        columns=[
            _("Indicator"),
            _("Level"),
            _("Capacity"),
            _("Population of the target age"),
            _("Per 1,000"),
            _("National benchmark"),
        ],
        rows=[
            [
                str(row.ratio.label),
                level.name,
                level.capacity,
                level.population,
                level.value,
                row.ratio.benchmark,
            ]
            for row in result.ratios
            for level in row.levels
            if level.available
        ],
        source=f"{ATTRIBUTION} {_('Benchmarks')}: {BENCHMARK_SOURCE}",
    )
    spots = Table(
        name="white_spots",
        title=_("White spots: municipalities no service of the kind reaches"),
        columns=[
            _("Kind of service"),
            _("Municipality"),
            _("Code"),
            _("Population"),
            _("Target age"),
            _("Population of the target age"),
        ],
        rows=[
            [
                spot.label,
                row.name,
                row.code,
                row.population,
                spot.target,
                spot.targets.get(row.code),
            ]
            for spot in result.white_spots
            for row in spot.municipalities
        ],
    )
    services = Table(
        name="services",
        title=_("Services reaching the area"),
        columns=[_("Service"), _("Provider"), _("Kind"), _("Forms"), _("Municipalities reached")],
        rows=[
            [
                s.name,
                s.provider,
                result.column_label(s.column),
                ", ".join(sorted(s.forms)),
                sum(1 for r in result.rows if r.municipality_id in s.reach),
            ]
            for s in result.services
        ],
    )
    return {t.name: t for t in (matrix, distances, ratios, spots, services)}


def coverage_json(result: Coverage) -> dict:
    return {
        "date": result.on.isoformat(),
        "attribution": str(ATTRIBUTION),
        "benchmark_source": str(BENCHMARK_SOURCE),
        "columns": [{"key": c, "label": str(label)} for c, label in result.columns],
        "municipalities": [
            {
                "code": row.code,
                "name": row.name,
                "population": row.population,
                "services": {c: row.cells[c].count for c, _label in result.columns},
                "nearest_km": {c: row.cells[c].distance for c, _label in result.columns},
            }
            for row in result.rows
        ],
        "ratios": [
            {
                "key": row.ratio.key,
                "label": str(row.ratio.label),
                "benchmark": row.ratio.benchmark,
                "levels": [
                    {
                        "key": level.key,
                        "name": level.name,
                        "capacity": level.capacity,
                        "population": level.population,
                        "per_1000": level.value,
                    }
                    for level in row.levels
                    if level.available
                ],
            }
            for row in result.ratios
        ],
        "white_spots": [
            {
                "column": spot.column,
                "label": str(spot.label),
                "target": str(spot.target),
                "municipalities": [row.code for row in spot.municipalities],
                "population": spot.population,
                "target_population": spot.target_population,
            }
            for spot in result.white_spots
        ],
    }
