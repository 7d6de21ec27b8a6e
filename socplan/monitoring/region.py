"""The region's view over every plan of its territory (issue 17), and the national view
for site staff. Pure reads in a fixed number of queries, however many processes, plans and
measures a region has (tests/test_region.py keeps the count flat).

Service functions (stable; the region's pages, their exports and the region's own plan
document in ``socplan.documents`` read them):

``region_overview(*, region, on=None, register=None)`` → :class:`RegionOverview`
    one region: its ORPs with the state of their plans, the capacity ratios and white spots
    per ORP against the region, Czechia and the national benchmarks, the measures by kind of
    service, target group and type, the planned costs by year and funding source, and the
    monitoring of every plan. Every field is a plain value (texts, numbers, dates, lists and
    dicts of them, small dataclasses of such), so a document can render it as it is.
``national_overview(*, on=None)`` → list of :class:`RegionSummary`
    every region: its ORPs, processes, plans, plans in force (few queries).
``overview_tables(overview)`` → list of :class:`socplan.core.tables.Table`
    the tables of the region's page for CSV and XLSX.

Decisions (documented for the region's users on the page, too):

- **Which processes.** Every planning process whose planning area has a municipality in
  the region, published or not: region staff read them all (``is_region_staff_of_process``).
- **Which plans.** The medium-term plans of those processes (action plans are the yearly
  slices of a medium-term plan: their money is already in it and they are shown through the
  monitoring). A plan whose amendment is being drafted is shown with its last approved
  version's title and years and marked "amendment in preparation"; its measures and costs
  are the current ones (the amendment's draft), as the region plans ahead with them.
- **The ORP of a process.** A process belongs to the ORP of its planning area when the area
  is an ORP's territory; otherwise to the ORP of the region holding most of its
  municipalities (on a tie, the lower ORP code). A MAS spanning several ORPs is listed, and
  counts, under that one ORP only (so nothing is counted twice); the other ORPs it touches
  list it as "also reaches" with the number of their municipalities it covers.
- **The state of a plan** (on the date ``on``): *approved, in force* when it was approved
  (a :class:`~socplan.consultation.models.PlanApproval`, or the status approved / in force)
  and its last year is not over; *expired* when approved and its last year is over, or
  superseded; *in preparation* otherwise (a draft or in consultation). An approved plan
  whose first year has not begun counts as *in force* (the ORP has an approved plan), its
  label saying "in force from" its first year (``PlanRow.in_force_from``; the ORP's label
  too when none of its plans in force has begun). **The state of an
  ORP** is the best of its plans' states: in force, then in preparation, then expired, then
  no plan at all.
- **Costs.** The sum of the cost estimates of the medium-term plans (the rule of
  ``socplan.planning.selectors.plan_finance``: a measure's own costs and its activities'
  costs are separate rows of the same plan, never sums of each other; the budgets of the
  action plans repeat them and are left out). Shown for all plans and for the approved ones.
- **Ratios.** Those of ``socplan.analysis.coverage`` (:data:`~socplan.analysis.coverage.RATIOS`)
  from one loaded register, through its summary kept in the shared cache
  (``coverage.national_coverage_cached``: loaded again only when the catalogue, the
  territory or the date changed): the capacity attributed to the ORP's municipalities per 1,000
  inhabitants of the target age. An ORP is *below* a level when its ratio is lower than the
  region's, Czechia's or the benchmark; a ratio of no capacity at all counts as 0.
- **Monitoring.** Per plan, its monitoring periods with their status and the plan's traffic
  light (the roll-up of ``socplan.monitoring.selectors.period_state``, computed here for all
  plans at once), and the state of its evaluation.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from socplan.analysis import coverage as coverage_module
from socplan.analysis.coverage import (
    RATIOS,
    Register,
    coverage_summary,
    load_register,
    national_coverage_cached,
)
from socplan.analysis.demography import national_data_loaded
from socplan.consultation.models import PlanApproval
from socplan.core.charts import Svg, _esc, _svg_open
from socplan.core.collation import czech_sort_key
from socplan.core.numbers import is_digits
from socplan.core.tables import Column, Table
from socplan.organisation.models import PlanningProcess
from socplan.planning.models import ActionItem, CostEstimate, FundingSource, Measure, Plan
from socplan.planning.selectors import plan_approved_versions
from socplan.territory.models import Boundary, Orp, PlanningArea, Region

from . import rollup
from .models import ActivityReport, Evaluation, LightOverride, MonitoringPeriod, Weight
from .selectors import LIGHT_LABELS

ZERO = Decimal(0)

# the states of a plan and of an ORP, best first
IN_FORCE, PREPARING, EXPIRED, NO_PLAN = "in_force", "preparing", "expired", "none"
STATE_ORDER = (IN_FORCE, PREPARING, EXPIRED, NO_PLAN)
STATE_LABELS = {
    IN_FORCE: pgettext_lazy("region plan state", "approved plan in force"),
    PREPARING: pgettext_lazy("region plan state", "plan in preparation"),
    EXPIRED: pgettext_lazy("region plan state", "plan expired"),
    NO_PLAN: pgettext_lazy("region plan state", "no planning process"),
}
# colours of the map (Okabe–Ito, told apart with any colour vision) and a letter each, so
# that the state is not told by colour alone (the map's labels, the legend, the table)
STATE_COLOURS = {IN_FORCE: "#009E73", PREPARING: "#E69F00", EXPIRED: "#CC79A7", NO_PLAN: "#d9d9d9"}
STATE_MARKS = {IN_FORCE: "P", PREPARING: "V", EXPIRED: "X", NO_PLAN: "–"}
# an approved plan whose first year has not begun: in force (the ORP has an approved plan),
# said with its first year
STARTS_LABEL = pgettext_lazy("region plan state", "approved plan, in force from %(year)s")
STATE_MARK_HELP = gettext_lazy(
    "P: approved plan in force, V: plan in preparation, X: plan expired, –: no process"
)
LEVELS = ("region", "cz", "benchmark")
# what an ORP is below ("below the region, Czechia"): Czech puts them in the instrumental
LEVEL_LABELS = {
    "region": pgettext_lazy("below the level", "the region"),
    "cz": pgettext_lazy("below the level", "Czechia"),
    "benchmark": pgettext_lazy("below the level", "the benchmark"),
}
MEASURE_KIND_LABELS = dict(Measure.Kind.choices)


# --------------------------------------------------------------------------- the result


@dataclass
class PeriodRow:
    """One monitoring period (year) of a plan."""

    year: int
    status: str  # MonitoringPeriod.Status value
    status_label: str
    progress: int | None  # % of the plan, rolled up (shown rounded)
    light: str | None  # "on_track" | "at_risk" | "off_track" | None
    light_label: str
    url: str


@dataclass
class PlanRow:
    """One medium-term plan of a process of the region."""

    plan_id: int
    title: str
    year_start: int
    year_end: int
    status: str  # Plan.Status value
    status_label: str
    state: str  # IN_FORCE | PREPARING | EXPIRED
    state_label: str
    approved_on: datetime.date | None
    resolution: str  # the approval resolution (number)
    in_force_until: int | None  # the last year of an approved plan
    under_amendment: bool
    url: str
    process_id: int
    process_name: str
    process_url: str
    process_published: bool
    area_name: str
    area_kind: str  # PlanningArea.Kind value
    area_kind_label: str
    orp_code: str  # the ORP it belongs to (see the module's docstring)
    municipalities: int  # of its planning area
    measures: int = 0
    costs: Decimal = ZERO
    periods: list[PeriodRow] = field(default_factory=list)
    evaluation: str = ""  # Evaluation.Status value, "" when not started
    evaluation_label: str = ""
    evaluation_url: str = ""
    in_force_from: int | None = None  # the first year of an approved plan not begun yet

    @property
    def years_label(self) -> str:
        if self.year_start == self.year_end:
            return str(self.year_start)
        return f"{self.year_start}–{self.year_end}"

    @property
    def latest_period(self) -> PeriodRow | None:
        return self.periods[-1] if self.periods else None


@dataclass
class Reach:
    """A process of another ORP that covers some municipalities of this one."""

    process_name: str
    process_url: str
    municipalities: int


@dataclass
class RatioValue:
    key: str  # the ratio's key (coverage.RATIOS)
    value: float | None  # per 1,000 inhabitants of the target age
    capacity: float
    population: int
    below: list[str]  # of LEVELS: where the ORP is below

    @property
    def below_labels(self) -> list[str]:
        return [str(LEVEL_LABELS[level]) for level in self.below]


@dataclass
class WhiteSpotCount:
    column: str
    label: str
    municipalities: int
    population: int


@dataclass
class OrpRow:
    code: str
    name: str
    municipalities: int
    population: int
    population_65: int
    population_80: int
    state: str
    state_label: str
    mark: str  # the letter of its state on the map
    plans: list[PlanRow]
    reaches: list[Reach]
    ratios: dict[str, RatioValue]
    white_spots: list[WhiteSpotCount]

    @property
    def ratio_list(self) -> list[RatioValue]:
        return [self.ratios[r.key] for r in RATIOS if r.key in self.ratios]

    @property
    def below_count(self) -> int:
        return sum(1 for r in self.ratios.values() if r.below)


@dataclass
class RatioSummary:
    key: str
    label: str
    kind: str
    age: str
    benchmark: float | None
    region: float | None
    czechia: float | None
    orps_below_region: int = 0
    orps_below_benchmark: int = 0


@dataclass
class MeasureGroup:
    """Measures of one kind of service, target group or type across the region's plans."""

    key: str
    label: str
    count: int
    plans: list[tuple[str, str, int]]  # (plan title with its process, plan url, measures)
    growth: int = 0  # of them, measures of the types "new service" or "develop capacity"


@dataclass
class RegionOverview:
    region_code: str
    region_name: str
    on: datetime.date
    orps: list[OrpRow]
    plans: list[PlanRow]
    ratios: list[RatioSummary]
    measures_by_service_kind: list[MeasureGroup]
    measures_by_target_group: list[MeasureGroup]
    measures_by_type: list[MeasureGroup]
    measures_total: int
    cost_years: list[int]
    cost_sources: list[tuple[str, str]]  # (FundingSource value, label) of the sources used
    costs: dict[tuple[int, str], Decimal]  # (year, source) -> CZK, every plan
    costs_approved: dict[tuple[int, str], Decimal]  # the same of approved plans only
    state_counts: dict[str, int]  # ORPs per state
    national_data: bool  # the region and Czechia are comparable (the national register)
    register_date: datetime.date
    register_size: int  # active services of the catalogue (a local register or national)
    benchmark_source: str
    attribution: str
    boundaries: dict[str, list] = field(default_factory=dict, repr=False)  # ORP code -> polygons

    def cost(self, *, year: int | None = None, source: str | None = None, approved=False):
        cells = self.costs_approved if approved else self.costs
        return sum(
            (
                v
                for (y, s), v in cells.items()
                if (year is None or y == year) and (source is None or s == source)
            ),
            ZERO,
        )

    @property
    def costs_total(self) -> Decimal:
        return self.cost()

    @property
    def cost_rows(self) -> list[tuple[int, list[Decimal], Decimal]]:
        """(year, amount per used source, total) for the costs table."""
        return [
            (
                year,
                [self.costs.get((year, s), ZERO) for s, _label in self.cost_sources],
                self.cost(year=year),
            )
            for year in self.cost_years
        ]

    @property
    def cost_totals(self) -> list[Decimal]:
        return [self.cost(source=s) for s, _label in self.cost_sources]

    @property
    def approved_cost_rows(self) -> list[tuple[int, list[Decimal], Decimal]]:
        return [
            (
                year,
                [self.costs_approved.get((year, s), ZERO) for s, _label in self.cost_sources],
                self.cost(year=year, approved=True),
            )
            for year in self.cost_years
        ]

    @property
    def approved_cost_totals(self) -> list[Decimal]:
        return [self.cost(source=s, approved=True) for s, _label in self.cost_sources]

    @property
    def approved_costs_total(self) -> Decimal:
        return self.cost(approved=True)

    @property
    def orps_in_force(self) -> int:
        return self.state_counts.get(IN_FORCE, 0)

    @property
    def legend(self) -> list[tuple[str, str, str, int]]:
        """(state, label, mark, ORPs) of the map's legend."""
        return [
            (s, str(STATE_LABELS[s]), STATE_MARKS[s], self.state_counts.get(s, 0))
            for s in STATE_ORDER
        ]

    def map(self) -> Svg | None:
        return state_map(self)


@dataclass
class RegionSummary:
    code: str
    name: str
    orps: int
    processes: int
    plans: int
    plans_in_force: int
    orps_with_plan_in_force: int
    url: str


# --------------------------------------------------------------------------- the roll-up


def _plan_state(plan: Plan, approved: bool, on: datetime.date) -> str:
    if plan.status == Plan.Status.SUPERSEDED:
        return EXPIRED
    if approved or plan.status in (Plan.Status.APPROVED, Plan.Status.IN_FORCE):
        return IN_FORCE if plan.year_end >= on.year else EXPIRED
    return PREPARING


def _best(states) -> str:
    found = set(states)
    return next((s for s in STATE_ORDER if s in found), NO_PLAN)


def region_processes(*, region: Region):
    """The planning processes whose area has a municipality in ``region``."""
    inside = PlanningArea.objects.filter(municipalities__district__region=region).values("pk")
    return PlanningProcess.objects.filter(planning_area__in=inside)


def region_overview(
    *,
    region: Region,
    on: datetime.date | None = None,
    register: Register | dict | None = None,
) -> RegionOverview:
    """The figures of one region (see the module's docstring). ``register``: a register
    loaded once for many regions (:func:`socplan.analysis.coverage.load_register`) or its
    :func:`~socplan.analysis.coverage.coverage_summary`; without it, the country's summary
    kept in the shared cache (:func:`~socplan.analysis.coverage.national_coverage_cached`:
    the register is loaded only when the catalogue, the territory or the date changed)."""
    on = on or timezone.localdate()
    if register is None:
        summary = national_coverage_cached(on=on)
    elif isinstance(register, Register):
        summary = coverage_summary(register, region_id=region.pk)
    else:
        summary = register
    orps = list(Orp.objects.filter(region=region).only("pk", "code", "name"))
    orp_by_id = {o.pk: o for o in orps}

    # processes, their areas and the ORP each belongs to
    processes = list(
        region_processes(region=region)
        .select_related("planning_area")
        .only(
            "pk",
            "name",
            "slug",
            "is_published",
            "planning_area__name",
            "planning_area__kind",
            "planning_area__orp_id",
        )
    )
    area_ids = {p.planning_area_id for p in processes}
    area_members: dict[int, list[int]] = defaultdict(list)
    orp_of: dict[int, int | None] = {}  # municipality id -> its ORP
    for area_id, municipality_id, orp_id in PlanningArea.municipalities.through.objects.filter(
        planningarea_id__in=area_ids
    ).values_list("planningarea_id", "municipality_id", "municipality__orp_id"):
        area_members[area_id].append(municipality_id)
        orp_of[municipality_id] = orp_id
    primary: dict[int, int | None] = {}  # process id -> orp id
    touched: dict[int, Counter] = {}  # process id -> orp id -> municipalities
    for process in processes:
        counts = Counter(
            orp_of[m] for m in area_members[process.planning_area_id] if orp_of[m] in orp_by_id
        )
        touched[process.pk] = counts
        own = process.planning_area.orp_id
        if own in orp_by_id:
            primary[process.pk] = own
        elif counts:
            primary[process.pk] = min(counts, key=lambda o: (-counts[o], orp_by_id[o].code))
        else:
            primary[process.pk] = None
    process_by_id = {p.pk: p for p in processes}

    # the medium-term plans, their approval, measures, costs, monitoring
    plans = list(
        Plan.objects.filter(process__in=list(process_by_id), kind=Plan.Kind.MEDIUM_TERM)
        .only("pk", "process_id", "title", "year_start", "year_end", "status", "version")
        .order_by("year_start", "pk")
    )
    plan_ids = [p.pk for p in plans]
    approved_versions = plan_approved_versions(plans=plans)
    approvals = {}
    for plan_id, approved_on, resolution in (
        PlanApproval.objects.filter(plan__in=plan_ids)
        .order_by("plan_id", "version")
        .values_list("plan_id", "approved_on", "resolution")
    ):
        approvals[plan_id] = (approved_on, resolution)  # the last version's wins
    kind_labels = dict(PlanningArea.Kind.choices)
    status_labels = dict(Plan.Status.choices)
    rows: dict[int, PlanRow] = {}
    for plan in plans:
        process = process_by_id[plan.process_id]
        version = approved_versions.get(plan.pk)
        title, start, end = plan.title, plan.year_start, plan.year_end
        if version is not None:
            snapshot = version.snapshot
            title = snapshot.get("title", title)
            start, end = snapshot.get("year_start", start), snapshot.get("year_end", end)
        approved_on, resolution = approvals.get(plan.pk, (None, ""))
        shown = Plan(title=title, year_start=start, year_end=end, status=plan.status)
        state = _plan_state(shown, approved_on is not None or version is not None, on)
        orp_id = primary[process.pk]
        starts = start if state == IN_FORCE and start > on.year else None
        rows[plan.pk] = PlanRow(
            plan_id=plan.pk,
            title=title,
            year_start=start,
            year_end=end,
            status=plan.status,
            status_label=str(status_labels.get(plan.status, plan.status)),
            state=state,
            state_label=(STARTS_LABEL % {"year": starts} if starts else str(STATE_LABELS[state])),
            in_force_from=starts,
            approved_on=approved_on,
            resolution=resolution,
            in_force_until=end if state in (IN_FORCE, EXPIRED) else None,
            under_amendment=version is not None,
            url=reverse("planning:plan_detail", kwargs={"slug": process.slug, "pk": plan.pk}),
            process_id=process.pk,
            process_name=process.name,
            process_url=reverse("organisation:process_detail", kwargs={"slug": process.slug}),
            process_published=process.is_published,
            area_name=process.planning_area.name,
            area_kind=process.planning_area.kind,
            area_kind_label=str(kind_labels.get(process.planning_area.kind, "")),
            orp_code=orp_by_id[orp_id].code if orp_id else "",
            municipalities=len(area_members[process.planning_area_id]),
        )

    measures_by_service_kind, measures_by_target_group, measures_by_type, total = _measures(
        plan_ids, rows
    )
    costs, costs_approved, years, sources = _costs(plan_ids, rows)
    _monitoring(plan_ids, rows, process_by_id)

    # ORPs: plans, reaches, ratios, white spots
    national = national_data_loaded()
    no_level = [0.0, 0, None]  # capacity, population, value
    region_levels = {
        ratio.key: summary["regions"].get(region.pk, {}).get(ratio.key, no_level)[2]
        for ratio in RATIOS
    }
    cz_levels = {ratio.key: summary["cz"].get(ratio.key, no_level)[2] for ratio in RATIOS}
    plans_of_orp: dict[int, list[PlanRow]] = defaultdict(list)
    for row in rows.values():
        orp_id = primary[row.process_id]
        if orp_id:
            plans_of_orp[orp_id].append(row)
    reaches_of_orp: dict[int, list[Reach]] = defaultdict(list)
    for process in processes:
        for orp_id, count in touched[process.pk].items():
            if orp_id != primary[process.pk]:
                reaches_of_orp[orp_id].append(
                    Reach(
                        process.name,
                        reverse("organisation:process_detail", kwargs={"slug": process.slug}),
                        count,
                    )
                )
    orp_rows = []
    empty = {"municipalities": 0, "ages": [0, 0, 0, 0], "ratios": {}, "white_spots": {}}
    for orp in orps:
        figures = summary["orps"].get(orp.pk, empty)
        ratios = {}
        for ratio in RATIOS:
            capacity, population, value = figures["ratios"].get(ratio.key, no_level)
            compared = value
            references = {
                "region": region_levels[ratio.key] if national else None,
                "cz": cz_levels[ratio.key] if national else None,
                "benchmark": ratio.benchmark,
            }
            below = [
                level
                for level in LEVELS
                if compared is not None
                and references[level] is not None
                and compared < references[level]
            ]
            ratios[ratio.key] = RatioValue(ratio.key, value, capacity, population, below)
        spots = [
            WhiteSpotCount(column, label, *figures["white_spots"][column])
            for column, label in summary["columns"]
            if column in figures["white_spots"]
        ]
        own_plans = sorted(plans_of_orp[orp.pk], key=lambda r: (r.year_start, r.plan_id))
        state = _best(r.state for r in own_plans)
        state_label = str(STATE_LABELS[state])
        if state == IN_FORCE and all(r.in_force_from for r in own_plans if r.state == IN_FORCE):
            # in force only from a coming year: say from when
            first = min(r.in_force_from for r in own_plans if r.state == IN_FORCE)
            state_label = STARTS_LABEL % {"year": first}
        orp_rows.append(
            OrpRow(
                code=orp.code,
                name=orp.name,
                municipalities=figures["municipalities"],
                population=figures["ages"][0],
                population_65=figures["ages"][2],
                population_80=figures["ages"][3],
                state=state,
                state_label=state_label,
                mark=STATE_MARKS[state],
                plans=own_plans,
                reaches=sorted(
                    reaches_of_orp[orp.pk], key=lambda r: czech_sort_key(r.process_name)
                ),
                ratios=ratios,
                white_spots=spots,
            )
        )
    orp_rows.sort(key=lambda r: czech_sort_key(r.name))
    summaries = []
    for ratio in RATIOS:
        summaries.append(
            RatioSummary(
                key=ratio.key,
                label=str(ratio.label),
                kind=ratio.kind,
                age=ratio.age,
                benchmark=ratio.benchmark,
                region=region_levels[ratio.key] if national else None,
                czechia=cz_levels[ratio.key] if national else None,
                orps_below_region=sum(1 for o in orp_rows if "region" in o.ratios[ratio.key].below),
                orps_below_benchmark=sum(
                    1 for o in orp_rows if "benchmark" in o.ratios[ratio.key].below
                ),
            )
        )
    boundaries = dict(
        Boundary.objects.filter(
            level=Boundary.Level.ORP, code__in=[o.code for o in orps]
        ).values_list("code", "polygons")
    )
    plan_rows = sorted(
        rows.values(),
        key=lambda r: (czech_sort_key(r.process_name), r.year_start, r.plan_id),
    )
    return RegionOverview(
        region_code=region.code,
        region_name=region.name,
        on=on,
        orps=orp_rows,
        plans=plan_rows,
        ratios=summaries,
        measures_by_service_kind=measures_by_service_kind,
        measures_by_target_group=measures_by_target_group,
        measures_by_type=measures_by_type,
        measures_total=total,
        cost_years=years,
        cost_sources=sources,
        costs=costs,
        costs_approved=costs_approved,
        state_counts=dict(Counter(o.state for o in orp_rows)),
        national_data=national,
        register_date=summary["on"],
        register_size=summary["register_size"],
        benchmark_source=str(coverage_module.BENCHMARK_SOURCE),
        attribution=str(coverage_module.ATTRIBUTION),
        boundaries=boundaries,
    )


def _plan_label(row: PlanRow) -> str:
    if row.years_label in row.title:
        return f"{row.process_name}: {row.title}"
    return f"{row.process_name}: {row.title} ({row.years_label})"


def _groups(found: dict, labels: dict, rows: dict[int, PlanRow], order=None, growth=None) -> list:
    """``found``: key -> plan id -> count of measures; ``growth``: key -> those of them of
    the types new service or develop capacity."""
    growth = growth or {}
    result = []
    for key, by_plan in found.items():
        plans = sorted(
            ((_plan_label(rows[p]), rows[p].url, n) for p, n in by_plan.items() if p in rows),
            key=lambda t: czech_sort_key(t[0]),
        )
        result.append(
            MeasureGroup(
                key=str(key) if key is not None else "",
                label=str(labels.get(key, "")),
                count=sum(by_plan.values()),
                plans=plans,
                growth=growth.get(key, 0),
            )
        )
    if order:
        result.sort(key=lambda g: order.get(g.key, (9, 999, 0)))
    else:
        result.sort(key=lambda g: (-g.count, czech_sort_key(g.label)))
    return result


def _measures(plan_ids: list[int], rows: dict[int, PlanRow]):
    """Counts of the measures by kind of service (through the services they concern), by
    target group and by type. A measure concerning services of two kinds (or two target
    groups) counts once with each; the total counts it once."""
    plan_of: dict[int, int] = {}
    grows: set[int] = set()  # measures of the types new service or develop capacity
    by_type: dict[str, Counter] = defaultdict(Counter)
    for pk, plan_id, kind in Measure.objects.filter(priority__plan__in=plan_ids).values_list(
        "pk", "priority__plan_id", "kind"
    ):
        plan_of[pk] = plan_id
        if kind in (Measure.Kind.NEW, Measure.Kind.CAPACITY):
            grows.add(pk)
        by_type[kind][plan_id] += 1
        rows[plan_id].measures += 1
    by_service: dict[str | None, Counter] = defaultdict(Counter)
    labels: dict = {None: _("services of no kind (not registered)")}
    service_growth: Counter = Counter()
    seen = set()
    for measure_id, code, name in Measure.services.through.objects.filter(
        measure_id__in=list(plan_of)
    ).values_list("measure_id", "service__kind__code", "service__kind__name"):
        if (measure_id, code) in seen:
            continue
        seen.add((measure_id, code))
        by_service[code][plan_of[measure_id]] += 1
        service_growth[code] += measure_id in grows
        labels[code] = name if code else labels[None]
    without = [m for m in plan_of if not any((m, c) in seen for c in by_service)]
    if without:
        labels["-"] = _("no service named")
        for m in without:
            by_service["-"][plan_of[m]] += 1
            service_growth["-"] += m in grows
    by_group: dict[int | None, Counter] = defaultdict(Counter)
    group_labels: dict = {}
    group_growth: Counter = Counter()
    with_group = set()
    for measure_id, item_id, name in Measure.target_groups.through.objects.filter(
        measure_id__in=list(plan_of)
    ).values_list("measure_id", "codelistitem_id", "codelistitem__name"):
        by_group[item_id][plan_of[measure_id]] += 1
        group_growth[item_id] += measure_id in grows
        group_labels[item_id] = name
        with_group.add(measure_id)
    for m, plan_id in plan_of.items():
        if m not in with_group:
            by_group[None][plan_id] += 1
            group_growth[None] += m in grows
    group_labels[None] = _("no target group named")
    kind_order = {}
    for code in by_service:
        kind_order[str(code) if code is not None else ""] = (
            (0, int(code), 0) if code and is_digits(str(code)) else (1, 999, 0)
        )
    type_order = {value: (0, i, 0) for i, value in enumerate(Measure.Kind.values)}
    return (
        _groups(by_service, labels, rows, kind_order, service_growth),
        _groups(by_group, group_labels, rows, growth=group_growth),
        _groups(by_type, MEASURE_KIND_LABELS, rows, type_order),
        len(plan_of),
    )


def _costs(plan_ids: list[int], rows: dict[int, PlanRow]):
    costs: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    approved: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    for plan_id, year, source, amount in (
        CostEstimate.objects.filter(plan__in=plan_ids)
        .values_list("plan_id", "year", "source")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        costs[(year, source)] += amount
        rows[plan_id].costs += amount
        if rows[plan_id].state in (IN_FORCE, EXPIRED):
            approved[(year, source)] += amount
    years = sorted({y for y, _s in costs})
    used = {s for (_y, s), v in costs.items() if v}
    sources = [(value, str(label)) for value, label in FundingSource.choices if value in used]
    return dict(costs), dict(approved), years, sources


def _monitoring(plan_ids: list[int], rows: dict[int, PlanRow], process_by_id) -> None:
    """The periods of every plan with the plan's light, rolled up as
    :func:`socplan.monitoring.selectors.period_state` does, in a fixed number of queries."""
    periods = list(
        MonitoringPeriod.objects.filter(action_plan__medium_term_plan__in=plan_ids)
        .values_list(
            "pk",
            "status",
            "action_plan_id",
            "action_plan__year",
            "action_plan__medium_term_plan_id",
        )
        .order_by("action_plan__year")
    )
    period_ids = [p[0] for p in periods]
    items_by_plan: dict[int, list] = defaultdict(list)
    for item_id, action_plan_id, status, activity_id, measure_id, priority_id in (
        ActionItem.objects.filter(plan__monitoring_period__in=period_ids)
        .values_list(
            "pk",
            "plan_id",
            "status",
            "activity_id",
            "activity__measure_id",
            "activity__measure__priority_id",
        )
        .order_by()
    ):
        items_by_plan[action_plan_id].append(
            (item_id, status, activity_id, measure_id, priority_id)
        )
    progress_given = dict(
        ActivityReport.objects.filter(period__in=period_ids).values_list(
            "action_item_id", "progress"
        )
    )
    weights: dict[int, dict] = defaultdict(dict)
    for plan_id, priority_id, measure_id, activity_id, weight in Weight.objects.filter(
        plan__in=plan_ids
    ).values_list("plan_id", "priority_id", "measure_id", "activity_id", "weight"):
        if activity_id:
            weights[plan_id][("activity", activity_id)] = weight
        elif measure_id:
            weights[plan_id][("measure", measure_id)] = weight
        elif priority_id:
            weights[plan_id][("priority", priority_id)] = weight
    overrides = dict(
        LightOverride.objects.filter(
            period__in=period_ids, priority__isnull=True, measure__isnull=True
        ).values_list("period_id", "light")
    )
    status_labels = dict(MonitoringPeriod.Status.choices)
    for period_id, status, action_plan_id, year, plan_id in periods:
        w = weights.get(plan_id, {})
        by_measure: dict[int, list] = defaultdict(list)
        measure_priority = {}
        for item_id, item_status, activity_id, measure_id, priority_id in items_by_plan[
            action_plan_id
        ]:
            progress = rollup.activity_progress(item_status, progress_given.get(item_id))
            by_measure[measure_id].append((progress, w.get(("activity", activity_id))))
            measure_priority[measure_id] = priority_id
        by_priority: dict[int, list] = defaultdict(list)
        for measure_id, pairs in by_measure.items():
            by_priority[measure_priority[measure_id]].append(
                (rollup.weighted_mean(pairs), w.get(("measure", measure_id)))
            )
        progress = rollup.weighted_mean(
            (rollup.weighted_mean(pairs), w.get(("priority", priority_id)))
            for priority_id, pairs in by_priority.items()
        )
        light = overrides.get(period_id) or rollup.light_for(progress)
        row = rows[plan_id]
        process = process_by_id[row.process_id]
        row.periods.append(
            PeriodRow(
                year=year,
                status=status,
                status_label=str(status_labels.get(status, status)),
                progress=rollup.percent_shown(progress),
                light=light,
                light_label=str(LIGHT_LABELS.get(light, "")) if light else "",
                url=reverse(
                    "monitoring:period_detail",
                    kwargs={"slug": process.slug, "pk": plan_id, "year": year},
                ),
            )
        )
    labels = dict(Evaluation.Status.choices)
    for plan_id, status in Evaluation.objects.filter(plan__in=plan_ids).values_list(
        "plan_id", "status"
    ):
        row = rows[plan_id]
        row.evaluation = status
        row.evaluation_label = str(labels.get(status, status))
        row.evaluation_url = reverse(
            "monitoring:evaluation",
            kwargs={"slug": process_by_id[row.process_id].slug, "pk": plan_id},
        )


# --------------------------------------------------------------------------- the country


def national_overview(*, on: datetime.date | None = None) -> list[RegionSummary]:
    """Every region with its ORPs, processes, medium-term plans, plans in force and ORPs
    with a plan in force (the states and the ORP of a process as in
    :func:`region_overview`, without the ratios), in a few queries. A process whose area
    spans two regions counts in both."""
    on = on or timezone.localdate()
    regions = list(Region.objects.annotate(orp_count=Count("orps", distinct=True)))
    orp_region = dict(Orp.objects.values_list("pk", "region_id"))
    orp_code = dict(Orp.objects.values_list("pk", "code"))
    touches: dict[int, set[int]] = defaultdict(set)  # process -> regions
    counts: dict[int, Counter] = defaultdict(Counter)  # process -> region -> orp -> n
    for process_id, region_id, orp_id in PlanningProcess.objects.values_list(
        "pk",
        "planning_area__municipalities__district__region_id",
        "planning_area__municipalities__orp_id",
    ):
        if region_id is not None:
            touches[process_id].add(region_id)
        if orp_id is not None:
            counts[process_id][orp_id] += 1
    own_orp = dict(
        PlanningProcess.objects.filter(planning_area__orp__isnull=False).values_list(
            "pk", "planning_area__orp_id"
        )
    )

    def orp_in(process_id: int, region_id: int) -> int | None:
        own = own_orp.get(process_id)
        if own is not None and orp_region.get(own) == region_id:
            return own
        inside = {o: n for o, n in counts[process_id].items() if orp_region.get(o) == region_id}
        if not inside:
            return None
        return min(inside, key=lambda o: (-inside[o], orp_code[o]))

    approved = set(PlanApproval.objects.values_list("plan_id", flat=True))
    plans = list(
        Plan.objects.filter(kind=Plan.Kind.MEDIUM_TERM).only(
            "pk", "process_id", "title", "year_start", "year_end", "status", "version"
        )
    )
    versions = plan_approved_versions(plans=plans)
    processes, plan_count, in_force = Counter(), Counter(), Counter()
    orps_in_force: dict[int, set] = defaultdict(set)
    for region_ids in touches.values():
        for region_id in region_ids:
            processes[region_id] += 1
    for plan in plans:
        version = versions.get(plan.pk)
        if version is not None:
            plan.year_end = version.snapshot.get("year_end", plan.year_end)
        state = _plan_state(plan, plan.pk in approved or version is not None, on)
        for region_id in touches.get(plan.process_id, ()):
            plan_count[region_id] += 1
            if state == IN_FORCE:
                in_force[region_id] += 1
                orp_id = orp_in(plan.process_id, region_id)
                if orp_id is not None:
                    orps_in_force[region_id].add(orp_id)
    return [
        RegionSummary(
            code=region.code,
            name=region.name,
            orps=region.orp_count,
            processes=processes[region.pk],
            plans=plan_count[region.pk],
            plans_in_force=in_force[region.pk],
            orps_with_plan_in_force=len(orps_in_force[region.pk]),
            url=reverse("region:detail", kwargs={"region": region.code}),
        )
        for region in regions
    ]


def all_regions_overview(*, on: datetime.date | None = None) -> list[RegionOverview]:
    """:func:`region_overview` of every region from one loaded register (the figures of all
    206 ORPs; benchmarks/region_rollup.py)."""
    summary = coverage_summary(load_register(on))
    return [
        region_overview(region=region, on=on, register=summary) for region in Region.objects.all()
    ]


# --------------------------------------------------------------------------- the map


def state_map(overview: RegionOverview, *, width: int = 560, font_size: float = 10) -> Svg | None:
    """The ORPs of the region coloured by the state of their plans, each with the letter of
    its state (not told by colour alone); None without boundaries (the table says it all)."""
    drawn = [(o, overview.boundaries.get(o.code)) for o in overview.orps]
    drawn = [(o, polygons) for o, polygons in drawn if polygons]
    if not drawn:
        return None
    import math

    points = [p for _o, polys in drawn for poly in polys for ring in poly for p in ring]
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    k = math.cos(math.radians((min_y + max_y) / 2))
    span_x, span_y = max((max_x - min_x) * k, 1e-9), max(max_y - min_y, 1e-9)
    map_width = width - 8
    map_height = map_width * span_y / span_x
    if map_height > 480:
        map_height = 480
        map_width = map_height * span_x / span_y
    scale = map_width / span_x
    legend_rows = len(STATE_ORDER)
    height = map_height + 12 + legend_rows * font_size * 1.7

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return 4 + (lon - min_x) * k * scale, 4 + (max_y - lat) * scale

    title = _("The state of the plans in the ORPs of %(region)s") % {"region": overview.region_name}
    described = "; ".join(f"{o.name}: {o.state_label}" for o in overview.orps)
    parts = [
        _svg_open(width, height, title, f"{title}. {described}.", font_size),
        '<g stroke="#fff" stroke-width="0.8" stroke-linejoin="round">',
    ]
    labels = []
    for orp, polygons in drawn:
        path = " ".join(
            "M" + " L".join("{:.1f} {:.1f}".format(*xy(*p)) for p in ring) + " Z"
            for poly in polygons
            for ring in poly
        )
        parts.append(
            f'<path d="{path}" fill="{STATE_COLOURS[orp.state]}" fill-rule="evenodd">'
            f"<title>{_esc(orp.name)}: {_esc(orp.state_label)}</title></path>"
        )
        # the letter at the centre of the largest ring's bounding box
        ring = max((r for poly in polygons for r in poly), key=len)
        xs = [xy(*p) for p in ring]
        cx = (min(x for x, _y in xs) + max(x for x, _y in xs)) / 2
        cy = (min(y for _x, y in xs) + max(y for _x, y in xs)) / 2
        labels.append(
            f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle" dy="0.35em" '
            f'font-weight="bold" fill="#111" stroke="#fff" stroke-width="2.5" '
            f'paint-order="stroke" aria-hidden="true">{_esc(orp.mark)}</text>'
        )
    parts.append("</g>")
    parts.extend(labels)
    y = map_height + 12
    for state, label, mark, count in overview.legend:
        parts.append(
            f'<rect x="4" y="{y:.1f}" width="{font_size * 1.4}" height="{font_size * 1.2}" '
            f'fill="{STATE_COLOURS[state]}" stroke="#666" stroke-width="0.4"/>'
            f'<text x="{4 + font_size * 0.7:.1f}" y="{y + font_size * 0.6:.1f}" dy="0.35em" '
            f'text-anchor="middle" font-weight="bold" fill="#111">{_esc(mark)}</text>'
            f'<text x="{8 + font_size * 1.6:.1f}" y="{y + font_size * 0.6:.1f}" dy="0.35em" '
            f'fill="#111">{_esc(label)} ({count})</text>'
        )
        y += font_size * 1.7
    parts.append("</svg>")
    return Svg(title=title, description=f"{title}. {described}.", svg="".join(parts))


# --------------------------------------------------------------------------- tables


def _num(value):
    return float(value) if isinstance(value, Decimal) else value


def overview_tables(overview: RegionOverview) -> list[Table]:
    """The region's tables for CSV (each) and XLSX (all): ORPs with their plans' state and
    ratios, plans, measures, costs, monitoring."""
    intro = [
        [overview.region_name],
        [_("Date"), overview.on],
    ]
    ratio_columns = []
    for ratio in RATIOS:
        ratio_columns.append(str(ratio.label))
        ratio_columns.append(_("%(ratio)s: below") % {"ratio": ratio.label})
    orps = Table(
        name="orp",
        title=_("ORPs: plans and coverage"),
        columns=[
            _("ORP"),
            _("Code"),
            _("Municipalities"),
            _("Population"),
            _("Aged 65+"),
            _("Aged 80+"),
            _("State of the plans"),
            _("Plans"),
            _("Processes of other ORPs reaching it"),
            *ratio_columns,
            _("Kinds of service with white spots"),
        ],
        rows=[
            [
                o.name,
                o.code,
                o.municipalities,
                o.population,
                o.population_65,
                o.population_80,
                o.state_label,
                "; ".join(_plan_label(p) for p in o.plans),
                "; ".join(f"{r.process_name} ({r.municipalities})" for r in o.reaches),
                *[value for r in o.ratio_list for value in (r.value, ", ".join(r.below_labels))],
                "; ".join(f"{s.label}: {s.municipalities} ({s.population})" for s in o.white_spots),
            ]
            for o in overview.orps
        ],
        source=f"{overview.attribution} {_('Benchmarks')}: {overview.benchmark_source}",
        intro=intro,
        filter=True,
    )
    ratios = Table(
        name="ratios",
        title=_("Capacity per 1,000 inhabitants of the target age"),
        columns=[
            _("Indicator"),
            _("The region"),
            _("Czechia"),
            _("National benchmark"),
            _("ORPs below the region"),
            _("ORPs below the benchmark"),
        ],
        rows=[
            [
                r.label,
                r.region,
                r.czechia,
                r.benchmark,
                r.orps_below_region,
                r.orps_below_benchmark,
            ]
            for r in overview.ratios
        ],
        source=overview.benchmark_source,
    )
    plans = Table(
        name="plans",
        title=_("Plans of the region"),
        columns=[
            _("ORP"),
            _("Planning process"),
            _("Territory"),
            _("Plan"),
            _("From"),
            _("To"),
            _("Status"),
            _("State"),
            Column(_("Approved on"), date=True),
            _("Approval resolution"),
            _("In force until"),
            _("Amendment in preparation"),
            _("Measures"),
            _("Planned costs (CZK)"),
            _("Monitored years"),
            _("Traffic light of the last year"),
            _("Evaluation"),
        ],
        rows=[
            [
                p.orp_code,
                p.process_name,
                p.area_name,
                p.title,
                p.year_start,
                p.year_end,
                p.status_label,
                p.state_label,
                p.approved_on,
                p.resolution,
                p.in_force_until,
                _("yes") if p.under_amendment else "",
                p.measures,
                _num(p.costs),
                ", ".join(f"{r.year} ({r.status_label})" for r in p.periods),
                p.latest_period.light_label if p.latest_period else "",
                p.evaluation_label,
            ]
            for p in overview.plans
        ],
        filter=True,
    )
    measure_rows = []
    for dimension, groups in (
        (_("Kind of service"), overview.measures_by_service_kind),
        (_("Target group"), overview.measures_by_target_group),
        (_("Type of measure"), overview.measures_by_type),
    ):
        for group in groups:
            for label, _url, count in group.plans:
                measure_rows.append(
                    [dimension, group.label, group.count, group.growth, label, count]
                )
    measures = Table(
        name="measures",
        title=_("Measures across the plans"),
        columns=[
            _("By"),
            _("Group"),
            _("Measures in the region"),
            _("Of them new services or more capacity"),
            _("Plan"),
            _("Measures of the plan"),
        ],
        rows=measure_rows,
        source=_(
            "A measure concerning services of several kinds, or several target groups, "
            "counts with each of them."
        ),
        filter=True,
    )
    source_labels = [label for _s, label in overview.cost_sources]
    costs = Table(
        name="costs",
        title=_("Planned costs by year and funding source (CZK)"),
        columns=[_("Plans"), _("Year"), *source_labels, _("Total")],
        rows=[
            [which, year, *[_num(v) for v in values], _num(total)]
            for which, cost_rows in (
                (_("all plans"), overview.cost_rows),
                (_("approved plans"), overview.approved_cost_rows),
            )
            for year, values, total in cost_rows
        ],
        source=_(
            "Cost estimates of the medium-term plans: the measures' own costs and their "
            "activities' costs; the action plans' budgets repeat them and are not added."
        ),
    )
    monitoring = Table(
        name="monitoring",
        title=_("Monitoring of the plans"),
        columns=[
            _("Planning process"),
            _("Plan"),
            _("Year"),
            _("Status"),
            _("Progress (%)"),
            _("Traffic light"),
        ],
        rows=[
            [p.process_name, p.title, r.year, r.status_label, r.progress, r.light_label]
            for p in overview.plans
            for r in p.periods
        ],
    )
    return [orps, ratios, plans, measures, costs, monitoring]


def national_totals(regions: list[RegionSummary]) -> dict[str, int]:
    """The sums of the national list's columns (its total row)."""
    fields = ("orps", "processes", "plans", "plans_in_force", "orps_with_plan_in_force")
    return {name: sum(getattr(r, name) for r in regions) for name in fields}


def national_table(regions: list[RegionSummary]) -> Table:
    return Table(
        name="regions",
        title=_("Regions"),
        columns=[
            _("Region"),
            _("Code"),
            _("ORPs"),
            _("Planning processes"),
            _("Medium-term plans"),
            _("Plans in force"),
        ],
        rows=[[r.name, r.code, r.orps, r.processes, r.plans, r.plans_in_force] for r in regions],
    )
