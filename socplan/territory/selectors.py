"""Named read queries of the territory app."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from socplan.core.collation import czech, czech_sort_key

from .models import Municipality, Orp, PlanningArea, Population, Region, search_key

SEARCH_LIMIT = 50

# Sort keys of the municipality table: query-string value -> attribute of the rows.
SORT_KEYS = {
    "name": "name",
    "code": "code",
    "population": "total",
    "age_0_14": "age_0_14",
    "age_15_64": "age_15_64",
    "age_65_plus": "age_65_plus",
    "share_65_plus": "share_65_plus",
}
DEFAULT_SORT = "name"


def region_ids_of_area(*, area: PlanningArea) -> set[int]:
    """Regions that the area's municipalities lie in."""
    return set(
        Region.objects.filter(districts__municipalities__planning_areas=area)
        .values_list("id", flat=True)
        .distinct()
    )


def latest_census_year() -> int | None:
    return (
        Population.objects.filter(source=Population.Source.CENSUS)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def _dataset(municipality_ids) -> tuple[str, int] | None:
    """The population data set to show for these municipalities: the latest census when
    there is one, otherwise the latest year of any source."""
    pairs = set(
        Population.objects.filter(municipality_id__in=municipality_ids)
        .values_list("source", "year")
        .distinct()
    )
    if not pairs:
        return None
    return max(pairs, key=lambda pair: (pair[0] == Population.Source.CENSUS, pair[1]))


@dataclass
class PopulationSummary:
    """Totals of a planning area (see :func:`area_population_summary`)."""

    municipality_count: int
    municipalities_with_data: int
    total: int | None
    age_0_14: int | None
    age_15_64: int | None
    age_65_plus: int | None
    share_0_14: float | None
    share_15_64: float | None
    share_65_plus: float | None
    year: int | None
    source: str | None
    reference_date: object | None

    @property
    def census_year(self) -> int | None:
        return self.year if self.source == Population.Source.CENSUS else None

    @property
    def has_bands(self) -> bool:
        return self.age_65_plus is not None

    @property
    def source_label(self) -> str:
        return Population.Source(self.source).label if self.source else ""


def area_population_summary(*, area: PlanningArea) -> PopulationSummary:
    """Population totals of ``area``.

    Returns a :class:`PopulationSummary` with

    - ``municipality_count``: municipalities in the area;
    - ``municipalities_with_data``: of them, those with a population record;
    - ``total``, ``age_0_14``, ``age_15_64``, ``age_65_plus``: sums (``None`` when no data;
      bands ``None`` when the data set has no age bands);
    - ``share_0_14``, ``share_15_64``, ``share_65_plus``: the band's share of the total of
      the municipalities that have bands, a float 0–1, or ``None``;
    - ``year``, ``source`` (:class:`Population.Source` value), ``reference_date`` of the
      data set used (the latest census if any, else the latest year of any source), and
      ``census_year`` (``year`` when the source is the census, else ``None``).
    """
    ids = list(area.municipalities.values_list("pk", flat=True))
    dataset = _dataset(ids)
    if dataset is None:
        return PopulationSummary(
            len(ids), 0, None, None, None, None, None, None, None, None, None, None
        )
    source, year = dataset
    rows = Population.objects.filter(municipality_id__in=ids, source=source, year=year)
    sums = rows.aggregate(
        n=Count("id"),
        sum_total=Sum("total"),
        banded_total=Sum("total", filter=Q(age_65_plus__isnull=False)),
        sum_0_14=Sum("age_0_14"),
        sum_15_64=Sum("age_15_64"),
        sum_65_plus=Sum("age_65_plus"),
    )
    reference_date = rows.values_list("reference_date", flat=True).first()
    banded = sums["banded_total"]

    def share(value):
        return value / banded if value is not None and banded else None

    return PopulationSummary(
        municipality_count=len(ids),
        municipalities_with_data=sums["n"],
        total=sums["sum_total"],
        age_0_14=sums["sum_0_14"],
        age_15_64=sums["sum_15_64"],
        age_65_plus=sums["sum_65_plus"],
        share_0_14=share(sums["sum_0_14"]),
        share_15_64=share(sums["sum_15_64"]),
        share_65_plus=share(sums["sum_65_plus"]),
        year=year,
        source=source,
        reference_date=reference_date,
    )


def parse_sort(value: str | None) -> str:
    """A valid sort key (``name``, ``-population``...) from a query-string value."""
    value = (value or "").strip()
    return value if value.lstrip("-") in SORT_KEYS else DEFAULT_SORT


def municipalities_with_population(*, area: PlanningArea, sort: str = DEFAULT_SORT) -> list:
    """The municipalities of ``area`` with their population, sorted.

    ``sort`` is one of the keys of :data:`SORT_KEYS` (``name``, ``code``, ``population``,
    ``age_0_14``, ``age_15_64``, ``age_65_plus``, ``share_65_plus``), ``-`` in front for
    descending; anything else sorts by name. Municipalities without data come last.

    Returns a list of :class:`~socplan.territory.models.Municipality` (with ``district``
    and ``orp`` loaded), each with the extra attributes ``total``, ``age_0_14``,
    ``age_15_64``, ``age_65_plus`` (ints or ``None``), ``share_65_plus`` (float 0–1 or
    ``None``) and ``share_0_14``, ``share_15_64`` (likewise), from the same data set as
    :func:`area_population_summary`.
    """
    municipalities = list(area.municipalities.select_related("district", "orp"))
    dataset = _dataset([m.pk for m in municipalities])
    records = {}
    if dataset:
        records = {
            p.municipality_id: p
            for p in Population.objects.filter(
                municipality__in=municipalities, source=dataset[0], year=dataset[1]
            )
        }
    for m in municipalities:
        record = records.get(m.pk)
        m.total = record.total if record else None
        for band in ("age_0_14", "age_15_64", "age_65_plus"):
            value = getattr(record, band) if record else None
            setattr(m, band, value)
            share = value / m.total if value is not None and m.total else None
            setattr(m, "share_" + band.removeprefix("age_"), share)

    sort = parse_sort(sort)
    descending = sort.startswith("-")
    attribute = SORT_KEYS[sort.lstrip("-")]

    def by_name(m):
        return (czech_sort_key(m.name), m.code)

    if attribute == "name":
        municipalities.sort(key=by_name, reverse=descending)
        return municipalities
    if attribute == "code":
        municipalities.sort(key=lambda m: m.code, reverse=descending)
        return municipalities
    with_value = [m for m in municipalities if getattr(m, attribute) is not None]
    without = [m for m in municipalities if getattr(m, attribute) is None]
    with_value.sort(key=by_name)
    with_value.sort(key=lambda m: getattr(m, attribute), reverse=descending)
    without.sort(key=by_name)
    return with_value + without


def map_points(municipalities) -> list[dict]:
    """Points for the map script (``static/socplan/js/map.js``) of municipalities that have
    coordinates: ``{"name", "code", "lat", "lon", "value", "label"}``; ``value`` sizes the
    marker (population), ``label`` is the popup's second line."""
    points = []
    for m in municipalities:
        if not m.has_point:
            continue
        total = getattr(m, "total", None)
        points.append(
            {
                "name": m.name,
                "code": m.code,
                "lat": float(m.latitude),
                "lon": float(m.longitude),
                "value": total or 0,
                "label": "" if total is None else _format_int(total),
            }
        )
    return points


def _format_int(value: int) -> str:
    from django.utils.formats import number_format

    return number_format(value, force_grouping=True)


def planning_areas_with_totals(*, areas=None) -> list[PlanningArea]:
    """The planning areas (``areas``, a queryset; default all) with ``municipality_count``
    and ``population`` (the total of the area's latest census, or of the data set
    :func:`area_population_summary` picks)."""
    year = latest_census_year()
    population = Subquery(
        Population.objects.filter(
            municipality__planning_areas=OuterRef("pk"),
            source=Population.Source.CENSUS,
            year=year,
        )
        .values("municipality__planning_areas")
        .annotate(total=Sum("total"))
        .values("total")[:1]
    )
    areas = list(
        (PlanningArea.objects.all() if areas is None else areas)
        .annotate(municipality_count=Count("municipalities", distinct=True), population=population)
        .order_by(czech("name"))
    )
    _fill_population_without_census(
        [area for area in areas if area.population is None and area.municipality_count]
    )
    return areas


def _fill_population_without_census(areas: list[PlanningArea]) -> None:
    """The total of :func:`area_population_summary` for areas without census figures, for
    all of them in two queries (the data set each area's own figures pick)."""
    if not areas:
        return
    members: dict[int, set[int]] = {}
    for area_id, municipality_id in PlanningArea.municipalities.through.objects.filter(
        planningarea_id__in=[area.pk for area in areas]
    ).values_list("planningarea_id", "municipality_id"):
        members.setdefault(area_id, set()).add(municipality_id)
    records: dict[int, list[tuple[str, int, int]]] = {}
    for municipality_id, source, year, total in Population.objects.filter(
        municipality_id__in=set().union(*members.values())
    ).values_list("municipality_id", "source", "year", "total"):
        records.setdefault(municipality_id, []).append((source, year, total))
    for area in areas:
        rows = [row for m in members.get(area.pk, ()) for row in records.get(m, [])]
        if not rows:
            continue
        dataset = max(
            {(source, year) for source, year, _total in rows},
            key=lambda pair: (pair[0] == Population.Source.CENSUS, pair[1]),
        )
        area.population = sum(total for source, year, total in rows if (source, year) == dataset)


def orps_by_region() -> list[tuple[Region | None, list[Orp]]]:
    """ORPs grouped by region (for a grouped select), each with ``municipality_count``."""
    groups: dict = {}
    orps = Orp.objects.select_related("region").annotate(municipality_count=Count("municipalities"))
    for orp in orps.order_by(czech("region__name"), czech("name")):
        groups.setdefault(orp.region, []).append(orp)
    return list(groups.items())


def municipality_search(
    *,
    query: str = "",
    orp_id: int | None = None,
    district_id: int | None = None,
    limit: int = SEARCH_LIMIT,
) -> tuple[list[Municipality], bool]:
    """Municipalities whose name contains ``query`` (case and diacritics ignored:
    "kejzlice" finds "Kejžlice"), optionally only of one ORP or district.

    Returns ``(municipalities, more)``: at most ``limit`` of them sorted by name, and
    whether more matched. No criteria at all gives no results.
    """
    key = search_key(query)
    if not key and not orp_id and not district_id:
        return [], False
    qs = Municipality.objects.select_related("district", "orp")
    if key:
        qs = qs.filter(search_name__contains=key)
    if orp_id:
        qs = qs.filter(orp_id=orp_id)
    if district_id:
        qs = qs.filter(district_id=district_id)
    rows = list(qs.order_by("search_name", "code")[: limit + 1])
    return rows[:limit], len(rows) > limit


def share_percent(value: float | None) -> Decimal | None:
    """A share 0–1 as a percentage with one decimal place (for display)."""
    if value is None:
        return None
    return Decimal(str(round(value * 100, 1)))
