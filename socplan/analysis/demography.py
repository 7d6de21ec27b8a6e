"""Sociodemographic analysis of a planning area (or of any ORP): the same service behind
the pages, ``socplan area_profile``, the plan document and findings.

Service functions (stable; keyword arguments):

``resolve_area(key)`` → :class:`Area`
    ``key`` is a planning area's slug or a 4-digit ORP code (``"6103"``); or pass a
    :class:`~socplan.territory.models.PlanningArea` to :func:`area_of`.
``demography(area)`` → :class:`Demography`
    population by sex and 5-year band of the area and of each municipality (ČSÚ, 31 Dec
    2020), the indicators of :data:`INDICATORS`, the comparison levels (the ORPs and regions
    the area lies in, Czechia: computed from the whole national data, or ``available=False``
    when it is not loaded), municipalities ranked, change between the sources' dates, the
    index of social exclusion per municipality; ``charts()`` gives the SVG charts.
``indicator_value(area, key)`` → :class:`IndicatorValue` | None
    the live value of an indicator key (for findings, which keep key, value and date).
``tables(demography)`` → list of :class:`socplan.core.tables.Table` (every table of the page).
``profile(area)`` → dict
    the JSON of ``socplan area_profile`` (keys documented in the README), with coverage.

Indicator keys: ``demography.<name>`` for the area, ``demography.<name>@<level>`` for a
comparison level (``orp:6103``, ``region:3107``, ``cz``) and ``demography.<name>:<municipality
code>`` for one municipality; ``exclusion.<name>`` likewise (see :data:`EXCLUSION_INDICATORS`);
``coverage.<kind code>.<ratio>`` in :mod:`socplan.analysis.coverage`. Names of
:data:`INDICATORS`: ``population``, ``men``, ``women``, ``age_0_14``, ``age_15_64``,
``age_65_plus``, ``age_80_plus``, ``age_85_plus``, ``share_0_14``, ``share_65_plus``,
``share_80_plus``, ``ageing_index``, ``old_age_dependency``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socplan.core.charts import MapArea, Svg, bar_chart, choropleth_map, pyramid_chart
from socplan.core.collation import czech_sort_key as sort_key
from socplan.core.numbers import is_digits
from socplan.core.tables import Table
from socplan.territory.models import (
    AGE_BAND_FIELDS,
    AGE_BANDS,
    AgeStructure,
    Boundary,
    Municipality,
    Orp,
    PlanningArea,
    Population,
    Region,
    SocialExclusion,
    age_band_label,
)

AGE_SOURCE = gettext_lazy("ČSÚ, population by age and sex of municipalities, 31 Dec 2020")
CENSUS_SOURCE = gettext_lazy("ČSÚ, census 2021 (usual residents), 26 Mar 2021")
EXCLUSION_SOURCE = gettext_lazy("MMR, index of social exclusion 2023 (Lang, Matoušek method, 2020)")
# Below this many municipalities the national code list is not loaded: comparisons with a
# region or Czechia would compare the area with itself, so they are not shown.
NATIONAL_MIN_MUNICIPALITIES = 6000
UPPER_EXCLUSION_CATEGORIES = ("8 až 11", "12 až 30")

BAND_COUNT = len(AGE_BANDS)
I_15 = 3  # index of the band 15–19
I_65 = 13  # 65–69
I_80 = 16  # 80–84
I_85 = 17  # 85+


class AreaNotFound(LookupError):
    pass


# --------------------------------------------------------------------------- areas


@dataclass
class Area:
    """What is analysed: a planning area or an ORP, as a set of municipalities."""

    key: str  # the slug of the planning area or the ORP code
    name: str
    kind: str  # "planning_area" | "orp" | "municipality"
    municipality_ids: list[int]
    planning_area: PlanningArea | None = None
    orp: Orp | None = None


def area_of(planning_area: PlanningArea) -> Area:
    return Area(
        key=planning_area.slug,
        name=planning_area.name,
        kind="planning_area",
        municipality_ids=list(planning_area.municipalities.values_list("pk", flat=True)),
        planning_area=planning_area,
        orp=planning_area.orp,
    )


def orp_area(orp: Orp) -> Area:
    return Area(
        key=orp.code,
        name=_("ORP %(name)s") % {"name": orp.name},
        kind="orp",
        municipality_ids=list(orp.municipalities.values_list("pk", flat=True)),
        orp=orp,
    )


def resolve_area(key: str) -> Area:
    """A planning area by its slug, an ORP by its 4-digit code (``6103``) or one
    municipality by its 6-digit code."""
    key = (key or "").strip()
    area = PlanningArea.objects.filter(slug=key).select_related("orp").first()
    if area is not None:
        return area_of(area)
    if is_digits(key):
        orp = Orp.objects.filter(code=key).first()
        if orp is not None:
            return orp_area(orp)
        municipality = Municipality.objects.filter(code=key).select_related("orp").first()
        if municipality is not None:
            return Area(
                key=key,
                name=municipality.name,
                kind="municipality",
                municipality_ids=[municipality.pk],
            )
    raise AreaNotFound(
        _("No planning area with the address %(key)s and no ORP with the code %(key)s.")
        % {"key": key}
    )


# --------------------------------------------------------------------------- indicators


@dataclass
class Structure:
    """Population by sex and 5-year band (men and women: 18 numbers each)."""

    men: list[int] = field(default_factory=lambda: [0] * BAND_COUNT)
    women: list[int] = field(default_factory=lambda: [0] * BAND_COUNT)
    municipalities: int = 0  # how many municipalities the figures cover

    def add(self, sex: str, bands: list[int]) -> None:
        target = self.men if sex == AgeStructure.Sex.MALE else self.women
        for i, value in enumerate(bands):
            target[i] += value or 0

    @property
    def bands(self) -> list[int]:
        return [m + w for m, w in zip(self.men, self.women, strict=True)]

    @property
    def population(self) -> int:
        return sum(self.men) + sum(self.women)

    def between(self, first: int, last: int | None = None) -> int:
        bands = self.bands
        return sum(bands[first : (last + 1) if last is not None else None])

    def indicators(self) -> dict[str, float | int | None]:
        total = self.population
        young, working = self.between(0, I_15 - 1), self.between(I_15, I_65 - 1)
        old, old80, old85 = self.between(I_65), self.between(I_80), self.between(I_85)

        def ratio(a, b, per=100):
            return round(per * a / b, 1) if b else None

        return {
            "population": total,
            "men": sum(self.men),
            "women": sum(self.women),
            "age_0_14": young,
            "age_15_64": working,
            "age_65_plus": old,
            "age_80_plus": old80,
            "age_85_plus": old85,
            "share_0_14": ratio(young, total),
            "share_65_plus": ratio(old, total),
            "share_80_plus": ratio(old80, total),
            "ageing_index": ratio(old, young),
            "old_age_dependency": ratio(old, working),
        }


@dataclass(frozen=True)
class IndicatorDef:
    name: str
    label: str
    unit: str = ""
    decimals: int = 0


INDICATORS: dict[str, IndicatorDef] = {
    d.name: d
    for d in (
        IndicatorDef("population", gettext_lazy("Population")),
        IndicatorDef("men", gettext_lazy("Men")),
        IndicatorDef("women", gettext_lazy("Women")),
        IndicatorDef("age_0_14", gettext_lazy("Aged 0–14")),
        IndicatorDef("age_15_64", gettext_lazy("Aged 15–64")),
        IndicatorDef("age_65_plus", gettext_lazy("Aged 65+")),
        IndicatorDef("age_80_plus", gettext_lazy("Aged 80+")),
        IndicatorDef("age_85_plus", gettext_lazy("Aged 85+")),
        IndicatorDef("share_0_14", gettext_lazy("Share of 0–14"), "%", 1),
        IndicatorDef("share_65_plus", gettext_lazy("Share of 65+"), "%", 1),
        IndicatorDef("share_80_plus", gettext_lazy("Share of 80+"), "%", 1),
        IndicatorDef("ageing_index", gettext_lazy("Ageing index (65+ per 100 aged 0–14)"), "", 1),
        IndicatorDef(
            "old_age_dependency",
            gettext_lazy("Old-age dependency ratio (65+ per 100 aged 15–64)"),
            "",
            1,
        ),
    )
}
EXCLUSION_INDICATORS = {
    "municipalities_upper": gettext_lazy("Municipalities in the upper categories (8+ points)"),
    "population_15_plus_upper": gettext_lazy("Inhabitants 15+ of those municipalities"),
    "debt_enforcement": gettext_lazy("Persons in debt enforcement"),
    "debt_enforcement_share": gettext_lazy("Share in debt enforcement (%)"),
    "points_max": gettext_lazy("Highest index in the area (points)"),
    "points": gettext_lazy("Index of social exclusion (points)"),
}


@dataclass
class IndicatorValue:
    key: str
    label: str
    value: float | int | None
    date: datetime.date | None
    source: str
    unit: str = ""


# --------------------------------------------------------------------------- reading


def _sum_fields():
    return {name: Sum(name) for name in AGE_BAND_FIELDS}


def structures_by(group: str | None, *, municipality_ids=None, group_ids=None) -> dict:
    """Structures per value of ``group`` (a field path of AgeStructure's municipality, e.g.
    ``municipality__orp_id``; None: one structure of everything selected)."""
    rows = AgeStructure.objects.filter(year=AGE_YEAR)
    if municipality_ids is not None:
        rows = rows.filter(municipality_id__in=municipality_ids)
    if group and group_ids is not None:
        rows = rows.filter(**{group + "__in": group_ids})
    fields = ([group] if group else []) + ["sex"]
    result: dict = defaultdict(Structure)
    for row in rows.values(*fields).annotate(n=Count("id"), **_sum_fields()).order_by():
        key = row[group] if group else None
        structure = result[key]
        structure.add(row["sex"], [row[name] for name in AGE_BAND_FIELDS])
        if row["sex"] == AgeStructure.Sex.MALE:
            structure.municipalities += row["n"]
    return dict(result)


AGE_YEAR = 2020
AGE_DATE = datetime.date(2020, 12, 31)


def national_data_loaded() -> bool:
    return Municipality.objects.count() >= NATIONAL_MIN_MUNICIPALITIES


# --------------------------------------------------------------------------- the analysis


@dataclass
class Level:
    """A column of the comparison: the area, an ORP, a region, Czechia."""

    key: str  # "area", "orp:6103", "region:3107", "cz"
    name: str
    structure: Structure
    available: bool = True
    note: str = ""

    @property
    def indicators(self) -> dict:
        return self.structure.indicators() if self.available else {}


@dataclass
class MunicipalityRow:
    municipality: Municipality
    structure: Structure
    indicators: dict
    census: Population | None = None
    exclusion: SocialExclusion | None = None
    rank: int = 0


@dataclass
class Change:
    label: str
    first: int | None
    second: int | None

    @property
    def difference(self) -> int | None:
        if self.first is None or self.second is None:
            return None
        return self.second - self.first

    @property
    def percent(self) -> float | None:
        if self.difference is None or not self.first:
            return None
        return round(100 * self.difference / self.first, 1)


@dataclass
class Demography:
    area: Area
    reference_date: datetime.date
    structure: Structure
    indicators: dict
    levels: list[Level]
    municipalities: list[MunicipalityRow]
    missing: list[Municipality]  # municipalities of the area without age data
    changes: list[Change]
    census_date: datetime.date | None
    exclusion_year: int | None
    exclusion_date: datetime.date | None
    exclusion_summary: dict
    boundaries: dict[str, list]  # municipality code -> polygons
    sources: list[str] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return self.structure.population > 0

    def level(self, key: str) -> Level | None:
        return next((level for level in self.levels if level.key == key), None)

    # charts ---------------------------------------------------------------------------

    def pyramid(self) -> Svg | None:
        cz = self.level("cz")
        comparison = None
        if cz is not None and cz.available and cz.structure.population:
            total = cz.structure.population
            comparison = (
                _("Czechia"),
                [100 * v / total for v in cz.structure.men],
                [100 * v / total for v in cz.structure.women],
            )
        return pyramid_chart(
            title=_("Population pyramid of %(area)s, %(date)s")
            % {"area": self.area.name, "date": _date_text(self.reference_date)},
            labels=[age_band_label(low, high) for _name, low, high in AGE_BANDS],
            men=self.structure.men,
            women=self.structure.women,
            comparison=comparison,
            men_label=_("men"),
            women_label=_("women"),
        )

    def comparison_chart(self, name: str = "share_65_plus"):
        definition = INDICATORS[name]
        levels = [level for level in self.levels if level.available]
        values = [level.indicators.get(name) for level in levels]
        if len(levels) < 2:
            return None
        return bar_chart(
            title=f"{definition.label} ({_date_text(self.reference_date)})",
            categories=[level.name for level in levels],
            series=[(str(definition.label), values)],
            unit=definition.unit,
            legend=False,
            height=220,
        )

    def map(self, name: str = "share_65_plus") -> Svg | None:
        definition = INDICATORS.get(name)
        areas = []
        for row in self.municipalities:
            if name in INDICATORS:
                value = row.indicators.get(name)
                label = _format(value, definition.decimals, definition.unit)
            else:  # the index of social exclusion
                value = row.exclusion.points if row.exclusion else None
                label = _format(value, 0, _("points"))
            areas.append(
                MapArea(
                    code=row.municipality.code,
                    name=row.municipality.name,
                    polygons=self.boundaries.get(row.municipality.code, []),
                    value=value,
                    label=label,
                )
            )
        title = definition.label if definition else _("Index of social exclusion 2023")
        return choropleth_map(
            title=f"{title}: {self.area.name}",
            areas=areas,
            unit=definition.unit if definition else "",
            decimals=definition.decimals if definition else 0,
        )


def _date_text(value: datetime.date | None) -> str:
    return f"{value.day}. {value.month}. {value.year}" if value else ""


def _format(value, decimals: int = 0, unit: str = "") -> str:
    from socplan.core.numbers import format_number

    if value is None:
        return ""
    text = format_number(round(value, decimals) if decimals else value)
    return f"{text} {unit}".strip()


def demography(area: Area, *, rank_by: str = "share_65_plus") -> Demography:
    """The sociodemographic analysis of ``area`` (see the module's docstring)."""
    ids = area.municipality_ids
    municipalities = list(
        Municipality.objects.filter(pk__in=ids).select_related("orp", "district__region")
    )
    per_municipality = structures_by("municipality_id", municipality_ids=ids)
    structure = Structure()
    for item in per_municipality.values():
        for i in range(BAND_COUNT):
            structure.men[i] += item.men[i]
            structure.women[i] += item.women[i]
        structure.municipalities += item.municipalities

    levels = [Level("area", area.name, structure)]
    national = national_data_loaded()
    orp_ids = sorted({m.orp_id for m in municipalities if m.orp_id})
    region_ids = sorted(
        {m.district.region_id for m in municipalities if m.district_id and m.district.region_id}
    )
    orps = {o.pk: o for o in Orp.objects.filter(pk__in=orp_ids)}
    regions = {r.pk: r for r in Region.objects.filter(pk__in=region_ids)}
    orp_structures = structures_by("municipality__orp_id", group_ids=orp_ids)
    orp_counts = dict(
        Municipality.objects.filter(orp_id__in=orp_ids)
        .values_list("orp_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    single_orp = (
        len(orp_ids) == 1
        and area.orp is not None
        and area.orp.pk == orp_ids[0]
        and orp_counts.get(orp_ids[0]) == len(ids)
    )
    for orp_id in orp_ids:
        if single_orp:
            break  # the area is the ORP: the column would repeat it
        item = orp_structures.get(orp_id, Structure())
        complete = item.municipalities == orp_counts.get(orp_id, 0)
        levels.append(
            Level(
                f"orp:{orps[orp_id].code}",
                _("ORP %(name)s") % {"name": orps[orp_id].name},
                item,
                available=complete,
                note="" if complete else _("not all municipalities of the ORP have data"),
            )
        )
    if region_ids:
        region_structures = (
            structures_by("municipality__district__region_id", group_ids=region_ids)
            if national
            else {}
        )
        for region_id in region_ids:
            levels.append(
                Level(
                    f"region:{regions[region_id].code}",
                    regions[region_id].name,
                    region_structures.get(region_id, Structure()),
                    available=national,
                    note="" if national else _("national data not loaded"),
                )
            )
    czechia = structures_by(None).get(None, Structure()) if national else Structure()
    levels.append(
        Level(
            "cz",
            _("Czechia"),
            czechia,
            available=national,
            note="" if national else _("national data not loaded"),
        )
    )

    census = {
        p.municipality_id: p
        for p in Population.objects.filter(
            municipality_id__in=ids, source=Population.Source.CENSUS
        ).order_by("municipality_id", "-year")
    }
    exclusion_rows = {
        e.municipality_id: e
        for e in SocialExclusion.objects.filter(municipality_id__in=ids).order_by(
            "municipality_id", "year"
        )
    }
    rows = []
    missing = []
    for municipality in municipalities:
        item = per_municipality.get(municipality.pk)
        if item is None:
            missing.append(municipality)
            continue
        rows.append(
            MunicipalityRow(
                municipality=municipality,
                structure=item,
                indicators=item.indicators(),
                census=census.get(municipality.pk),
                exclusion=exclusion_rows.get(municipality.pk),
            )
        )
    rows.sort(
        key=lambda r: (
            r.indicators.get(rank_by) is None,
            -(r.indicators.get(rank_by) or 0),
            sort_key(r.municipality.name),
        )
    )
    for rank, row in enumerate(rows, start=1):
        row.rank = rank

    # change between the sources' dates (31 Dec 2020 → census 26 Mar 2021)
    census_rows = [census[m.pk] for m in municipalities if m.pk in census]
    census_date = census_rows[0].reference_date if census_rows else None
    complete_census = census_rows and len(census_rows) == len(municipalities)
    indicators = structure.indicators()
    changes = []
    if complete_census and structure.population:

        def census_sum(name):
            values = [getattr(p, name) for p in census_rows]
            return None if any(v is None for v in values) else sum(values)

        changes = [
            Change(_("Population"), indicators["population"], census_sum("total")),
            Change(_("Aged 0–14"), indicators["age_0_14"], census_sum("age_0_14")),
            Change(_("Aged 15–64"), indicators["age_15_64"], census_sum("age_15_64")),
            Change(_("Aged 65+"), indicators["age_65_plus"], census_sum("age_65_plus")),
        ]

    exclusion = [r.exclusion for r in rows if r.exclusion is not None]
    upper = [e for e in exclusion if e.category in UPPER_EXCLUSION_CATEGORIES]
    population_15 = sum(e.population_15_plus or 0 for e in exclusion)
    debt = sum(e.debt_enforcement or 0 for e in exclusion)
    summary = {
        "municipalities": len(exclusion),
        "municipalities_upper": len(upper),
        "population_15_plus_upper": sum(e.population_15_plus or 0 for e in upper),
        "debt_enforcement_upper": sum(e.debt_enforcement or 0 for e in upper),
        "debt_enforcement": debt,
        "debt_enforcement_share": round(100 * debt / population_15, 1) if population_15 else None,
        "points_max": max((e.points for e in exclusion), default=None),
        "by_category": {
            category: sum(1 for e in exclusion if e.category == category)
            for category in ("0 až 1", "2 až 7", "8 až 11", "12 až 30")
        },
    }
    boundaries = {
        b.code: b.polygons
        for b in Boundary.objects.filter(
            level=Boundary.Level.MUNICIPALITY, code__in=[m.code for m in municipalities]
        )
    }
    return Demography(
        area=area,
        reference_date=AGE_DATE,
        structure=structure,
        indicators=indicators,
        levels=levels,
        municipalities=rows,
        missing=sorted(missing, key=lambda m: sort_key(m.name)),
        changes=changes,
        census_date=census_date,
        exclusion_year=exclusion[0].year if exclusion else None,
        exclusion_date=exclusion[0].reference_date if exclusion else None,
        exclusion_summary=summary,
        boundaries=boundaries,
        sources=[str(AGE_SOURCE), str(CENSUS_SOURCE), str(EXCLUSION_SOURCE)],
    )


# --------------------------------------------------------------------------- indicator keys


def parse_key(key: str) -> tuple[str, str, str | None, str | None]:
    """``demography.share_65_plus@region:3107`` → ("demography", "share_65_plus", "region:3107",
    None); ``demography.population:547999`` → (..., None, "547999")."""
    level = municipality = None
    if "@" in key:
        key, level = key.split("@", 1)
    head, _colon, tail = key.rpartition(":")
    if head and is_digits(tail) and len(tail) == 6:  # a municipality code
        key, municipality = head, tail
    group, _dot, name = key.partition(".")
    return group, name, level, municipality


def indicator_value(area: Area | str, key: str, *, analysis: Demography | None = None):
    """The live value of an indicator key for ``area`` (an :class:`Area` or what
    :func:`resolve_area` takes), None for an unknown key or when the data is missing; a bare
    name (``share_65_plus``) means ``demography.share_65_plus``. Keys of ``coverage.*``
    are answered by :func:`socplan.analysis.coverage.indicator_value`."""
    if isinstance(area, str):
        area = resolve_area(area)
    group, name, level_key, code = parse_key(key)
    if not name and group in INDICATORS:  # a bare name: "share_65_plus"
        group, name = "demography", group
    if group == "coverage":
        from . import coverage

        return coverage.indicator_value(area, key)
    analysis = analysis or demography(area)
    if group == "demography" and name in INDICATORS:
        definition = INDICATORS[name]
        if code:
            row = next((r for r in analysis.municipalities if r.municipality.code == code), None)
            value = row.indicators.get(name) if row else None
            label = f"{definition.label}: {row.municipality.name}" if row else definition.label
        else:
            level = analysis.level(level_key or "area")
            if level is None or not level.available:
                return None
            value = level.indicators.get(name)
            label = f"{definition.label}: {level.name}"
        return IndicatorValue(
            key=key,
            label=str(label),
            value=value,
            date=analysis.reference_date,
            source=str(AGE_SOURCE),
            unit=definition.unit,
        )
    if group == "exclusion" and name in EXCLUSION_INDICATORS:
        if code:
            row = next((r for r in analysis.municipalities if r.municipality.code == code), None)
            if row is None or row.exclusion is None:
                return None
            value = getattr(row.exclusion, name, None)
        else:
            value = analysis.exclusion_summary.get(name)
        return IndicatorValue(
            key=key,
            label=str(EXCLUSION_INDICATORS[name]),
            value=value,
            date=analysis.exclusion_date,
            source=str(EXCLUSION_SOURCE),
        )
    return None


def indicator_choices(analysis: Demography) -> list[tuple[str, str]]:
    """Keys and labels of the area's indicators (for a finding's indicator field)."""
    choices = [(f"demography.{n}", str(d.label)) for n, d in INDICATORS.items()]
    for level in analysis.levels[1:]:
        if level.available:
            choices += [
                (f"demography.{n}@{level.key}", f"{d.label}: {level.name}")
                for n, d in INDICATORS.items()
                if n.startswith(("share", "ageing", "old_age"))
            ]
    choices += [
        (f"exclusion.{n}", str(label)) for n, label in EXCLUSION_INDICATORS.items() if n != "points"
    ]
    return choices


# --------------------------------------------------------------------------- tables


def tables(analysis: Demography) -> dict[str, Table]:
    """Every table of the page, by name (the downloads use the names)."""
    date = _date_text(analysis.reference_date)
    level_columns = [level.name for level in analysis.levels]
    indicators = Table(
        name="indicators",
        title=_("Population and age structure, %(date)s") % {"date": date},
        columns=[_("Indicator"), *level_columns],
        rows=[
            [
                str(d.label),
                *[
                    (level.indicators.get(n) if level.available else None)
                    for level in analysis.levels
                ],
            ]
            for n, d in INDICATORS.items()
        ],
        source=str(AGE_SOURCE),
    )
    bands = Table(
        name="bands",
        title=_("Population by age band and sex, %(date)s") % {"date": date},
        columns=[_("Age"), _("Men"), _("Women"), _("Total")],
        rows=[
            [age_band_label(low, high), m, w, m + w]
            for (_n, low, high), m, w in zip(
                AGE_BANDS, analysis.structure.men, analysis.structure.women, strict=True
            )
        ]
        + [
            [
                _("Total"),
                sum(analysis.structure.men),
                sum(analysis.structure.women),
                analysis.structure.population,
            ]
        ],
        source=str(AGE_SOURCE),
    )
    municipalities = Table(
        name="municipalities",
        title=_("Municipalities ranked by the share of 65+, %(date)s") % {"date": date},
        columns=[
            _("Rank"),
            _("Municipality"),
            _("Code"),
            _("Population"),
            _("Men"),
            _("Women"),
            _("0–14"),
            _("15–64"),
            _("65+"),
            _("80+"),
            _("85+"),
            _("Share of 65+ (%)"),
            _("Share of 80+ (%)"),
            _("Ageing index"),
            _("Old-age dependency ratio"),
        ],
        rows=[
            [
                r.rank,
                r.municipality.name,
                r.municipality.code,
                *[
                    r.indicators[n]
                    for n in (
                        "population",
                        "men",
                        "women",
                        "age_0_14",
                        "age_15_64",
                        "age_65_plus",
                        "age_80_plus",
                        "age_85_plus",
                        "share_65_plus",
                        "share_80_plus",
                        "ageing_index",
                        "old_age_dependency",
                    )
                ],
            ]
            for r in analysis.municipalities
        ],
        source=str(AGE_SOURCE),
    )
    change = Table(
        name="change",
        title=_("Change between %(first)s and the census of %(second)s")
        % {"first": date, "second": _date_text(analysis.census_date)},
        columns=[
            _("Indicator"),
            date,
            _date_text(analysis.census_date),
            _("Change"),
            _("Change (%)"),
        ],
        rows=[[c.label, c.first, c.second, c.difference, c.percent] for c in analysis.changes],
        source=f"{AGE_SOURCE}; {CENSUS_SOURCE}",
    )
    exclusion = Table(
        name="exclusion",
        title=_("Index of social exclusion %(year)s by municipality")
        % {"year": analysis.exclusion_year or ""},
        columns=[
            _("Municipality"),
            _("Code"),
            _("Index (0–30 points)"),
            _("Category"),
            _("Inhabitants 15+"),
            _("Persons in debt enforcement"),
            _("Share in debt enforcement (%)"),
            _("Housing allowance (recipients)"),
            _("Share of housing allowance (%)"),
            _("Subsistence allowance (recipients)"),
            _("Share of subsistence allowance (%)"),
            _("Job seekers over 6 months"),
            _("Share of long-term job seekers (%)"),
            _("Early school leavers"),
            _("Share of early school leavers (%)"),
        ],
        rows=[
            [
                r.municipality.name,
                r.municipality.code,
                e.points,
                e.category,
                e.population_15_plus,
                e.debt_enforcement,
                _round(e.debt_enforcement_share),
                _round(e.housing_allowance),
                _round(e.housing_allowance_share),
                _round(e.subsistence_allowance),
                _round(e.subsistence_allowance_share),
                e.long_term_jobseekers,
                _round(e.long_term_jobseekers_share),
                e.early_school_leavers,
                _round(e.early_school_leavers_share),
            ]
            for r in sorted(
                analysis.municipalities,
                key=lambda r: (
                    -(r.exclusion.points if r.exclusion else -1),
                    sort_key(r.municipality.name),
                ),
            )
            if (e := r.exclusion) is not None
        ],
        source=str(EXCLUSION_SOURCE),
    )
    return {t.name: t for t in (indicators, bands, municipalities, change, exclusion)}


def _round(value, digits: int = 2):
    return round(value, digits) if value is not None else None


# --------------------------------------------------------------------------- profile (JSON)


def _level_json(level: Level) -> dict:
    return {
        "key": level.key,
        "name": level.name,
        "available": level.available,
        "municipalities": level.structure.municipalities,
        "indicators": level.indicators,
        "men": level.structure.men if level.available else None,
        "women": level.structure.women if level.available else None,
    }


def demography_json(analysis: Demography) -> dict:
    return {
        "reference_date": analysis.reference_date.isoformat(),
        "bands": [age_band_label(low, high) for _n, low, high in AGE_BANDS],
        "area": _level_json(analysis.levels[0]),
        "comparison": [_level_json(level) for level in analysis.levels[1:]],
        "municipalities": [
            {
                "code": r.municipality.code,
                "name": r.municipality.name,
                "rank": r.rank,
                "indicators": r.indicators,
                "men": r.structure.men,
                "women": r.structure.women,
            }
            for r in analysis.municipalities
        ],
        "missing_municipalities": [m.code for m in analysis.missing],
        "change": {
            "from": analysis.reference_date.isoformat(),
            "to": analysis.census_date.isoformat() if analysis.census_date else None,
            "rows": [
                {"label": c.label, "from": c.first, "to": c.second, "difference": c.difference}
                for c in analysis.changes
            ],
        },
        "social_exclusion": {
            "year": analysis.exclusion_year,
            "reference_date": analysis.exclusion_date.isoformat()
            if analysis.exclusion_date
            else None,
            "summary": analysis.exclusion_summary,
            "municipalities": [
                {
                    "code": r.municipality.code,
                    "name": r.municipality.name,
                    "points": r.exclusion.points,
                    "category": r.exclusion.category,
                    "population_15_plus": r.exclusion.population_15_plus,
                    "debt_enforcement": r.exclusion.debt_enforcement,
                    "debt_enforcement_share": _round(r.exclusion.debt_enforcement_share, 4),
                    "housing_allowance": _round(r.exclusion.housing_allowance, 4),
                    "housing_allowance_share": _round(r.exclusion.housing_allowance_share, 4),
                    "subsistence_allowance": _round(r.exclusion.subsistence_allowance, 4),
                    "subsistence_allowance_share": _round(
                        r.exclusion.subsistence_allowance_share, 4
                    ),
                    "long_term_jobseekers": r.exclusion.long_term_jobseekers,
                    "long_term_jobseekers_share": _round(r.exclusion.long_term_jobseekers_share, 4),
                    "early_school_leavers": r.exclusion.early_school_leavers,
                    "early_school_leavers_share": _round(r.exclusion.early_school_leavers_share, 4),
                }
                for r in analysis.municipalities
                if r.exclusion is not None
            ],
        },
        "sources": analysis.sources,
    }
