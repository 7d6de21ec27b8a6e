"""Named read queries of plans.

All money in every table (plan pages, action plans, the municipality page, the plan
document) comes from :func:`plan_finance`, which sums :class:`CostEstimate` rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from socplan.core.collation import czech
from socplan.organisation.models import Membership, PlanningProcess
from socplan.territory.models import Municipality

from .models import ActionItem, CostEstimate, FundingSource, Measure, Plan, PlanVersion, Priority

ZERO = Decimal("0")


def plan_get(*, process: PlanningProcess, pk: int) -> Plan:
    try:
        return Plan.objects.select_related("process", "medium_term_plan").get(
            process=process, pk=pk
        )
    except Plan.DoesNotExist as exc:
        raise Http404 from exc


def plans_of_process(*, process: PlanningProcess, internal: bool) -> list[Plan]:
    """The plans of a process: all for its people, the public ones for everybody else."""
    plans = process.plans.select_related("process", "medium_term_plan").order_by(
        "-kind", "year_start", "year"
    )
    if internal:
        return list(plans)
    if not process.is_published:
        return []
    # A plan under amendment stays listed: the public sees its last approved version.
    under_amendment = Q(
        status=Plan.Status.DRAFT, version__gt=1, versions__status__in=Plan.FROZEN_STATUSES
    )
    result = list(plans.filter(Q(status__in=Plan.PUBLIC_STATUSES) | under_amendment).distinct())
    approved_versions = plan_approved_versions(plans=result)
    for plan in result:
        approved = approved_versions.get(plan.pk)
        if approved is not None:
            # Shown as approved (never saved): the amendment may have changed these too.
            snapshot = approved.snapshot
            plan.title = snapshot["title"]
            plan.year_start, plan.year_end = snapshot["year_start"], snapshot["year_end"]
    return result


def plan_approved_version(*, plan: Plan) -> PlanVersion | None:
    """The last approved (frozen) version of a plan whose amendment is being drafted: what
    the public keeps seeing until the amendment is published. None for any other plan."""
    if plan.status != Plan.Status.DRAFT or plan.version < 2:
        return None
    return (
        plan.versions.filter(status__in=Plan.FROZEN_STATUSES, version__lt=plan.version)
        .order_by("-revision")
        .first()
    )


def plan_approved_versions(*, plans: list[Plan]) -> dict[int, PlanVersion]:
    """:func:`plan_approved_version` of many plans in two queries: plan id -> version
    (only plans that have one)."""
    amended = {p.pk: p.version for p in plans if p.status == Plan.Status.DRAFT and p.version >= 2}
    if not amended:
        return {}
    chosen: dict[int, int] = {}  # plan id -> id of its last approved version
    for pk, plan_id, version in (
        PlanVersion.objects.filter(plan__in=list(amended), status__in=Plan.FROZEN_STATUSES)
        .order_by("-revision")
        .values_list("pk", "plan_id", "version")
    ):
        if version < amended[plan_id]:
            chosen.setdefault(plan_id, pk)
    found = PlanVersion.objects.in_bulk(list(chosen.values()))
    return {plan_id: found[pk] for plan_id, pk in chosen.items()}


def _measures_qs() -> QuerySet[Measure]:
    return Measure.objects.select_related(
        "priority",
        "working_group",
        "responsible_municipality",
        "responsible_provider",
    ).prefetch_related(
        "target_groups",
        "municipalities",
        "services",
        "findings",
        "indicators",
        "activities__responsible_municipality",
        "activities__responsible_provider",
    )


def plan_tree(*, plan: Plan) -> list[Priority]:
    """The priorities of a plan with their measures, activities and indicators."""
    return list(
        plan.priorities.select_related("target_group", "sub_area").prefetch_related(
            Prefetch("measures", queryset=_measures_qs())
        )
    )


def measure_get(*, plan: Plan, pk: int) -> Measure:
    try:
        return _measures_qs().get(priority__plan=plan, pk=pk)
    except Measure.DoesNotExist as exc:
        raise Http404 from exc


def finding_answers(finding_ids: list[int]) -> dict:
    """The measures (of every plan) that answer each of the findings: the answers the
    analysis's findings register shows (registered in :mod:`socplan.analysis.answers`)."""
    from django.urls import reverse

    from socplan.analysis.answers import Answer

    links = (
        Measure.findings.through.objects.filter(finding_id__in=finding_ids)
        .select_related("measure__priority__plan__process")
        .order_by(
            "measure__priority__plan__year_start", "measure__priority__order", "measure__order"
        )
    )
    result: dict[int, list] = {}
    for link in links:
        measure = link.measure
        plan = measure.priority.plan
        result.setdefault(link.finding_id, []).append(
            Answer(
                code=measure.code,
                title=measure.title,
                url=reverse(
                    "planning:measure_detail",
                    kwargs={"slug": plan.process.slug, "pk": plan.pk, "measure_pk": measure.pk},
                ),
                plan=plan.title,
                plan_id=plan.pk,
            )
        )
    return result


def open_needs(*, plan: Plan) -> list:
    """The findings of the plan's process that no measure of any plan answers."""
    from socplan.analysis.models import Finding

    return list(
        Finding.objects.filter(process_id=plan.process_id, measures__isnull=True).order_by("number")
    )


def measures_by_target_group(*, plan: Plan) -> list[tuple[str, list[Measure]]]:
    """(target group, its measures) in codelist order; measures without one come last."""
    groups: dict = {}
    labels: dict = {}
    rest = []
    for measure in _measures_qs().filter(priority__plan=plan):
        tgs = list(measure.target_groups.all())
        if not tgs:
            rest.append(measure)
        for tg in tgs:
            groups.setdefault((tg.order, tg.name, tg.pk), []).append(measure)
            labels[(tg.order, tg.name, tg.pk)] = str(tg)
    result = [(labels[key], groups[key]) for key in sorted(groups)]
    if rest:
        result.append((_("All target groups"), rest))
    return result


def plan_municipalities(*, plan: Plan) -> list[tuple[Municipality, int]]:
    """The municipalities of the process's area with the number of measures concerning
    each (a measure without municipalities concerns the whole area)."""
    measures = list(Measure.objects.filter(priority__plan=plan).prefetch_related("municipalities"))
    whole_area = sum(1 for m in measures if not m.municipalities.all())
    counts: dict[int, int] = defaultdict(int)
    for m in measures:
        for municipality in m.municipalities.all():
            counts[municipality.pk] += 1
    area = plan.process.planning_area
    return [
        (municipality, counts[municipality.pk] + whole_area)
        for municipality in area.municipalities.order_by(czech("name"))
    ]


def measures_for_municipality(*, plan: Plan, municipality: Municipality) -> dict:
    """What the plan does for one municipality: measures naming it, and measures for the
    whole area (no municipality given)."""
    measures = _measures_qs().filter(priority__plan=plan)
    named = list(measures.filter(municipalities=municipality))
    whole = list(measures.filter(municipalities__isnull=True))
    return {"named": named, "whole_area": whole}


def drafting_group_ids(*, user, process: PlanningProcess) -> set[int]:
    """The groups of the process in which the user (as a person of the process) is a
    member today."""
    if not user.is_authenticated:
        return set()
    cache = user.__dict__.setdefault("_socplan_planning_groups", {})
    if process.pk not in cache:
        cache[process.pk] = set(
            Membership.objects.current()
            .filter(person__user=user, person__process=process, group__process=process)
            .values_list("group_id", flat=True)
        )
    return cache[process.pk]


# --- money -------------------------------------------------------------------------------


@dataclass
class Table:
    caption: str
    row_header: str
    columns: list[str]
    rows: list[tuple[str, list[Decimal], Decimal]]
    totals: list[Decimal]
    total: Decimal
    note: str = ""
    # The label of the totals row ("" for "Total"). Where the rows overlap (a measure counts
    # with each of its target groups) the totals row is the plan's own total, not their sum.
    total_label: str = ""
    double_counted: bool = False


@dataclass
class Finance:
    """Sums of the cost estimates of a plan by year × funding source × priority (and by
    target group). The tables are views of these cells."""

    years: list[int]
    sources: list[tuple[str, str]]
    priorities: list[tuple[int, str]]
    cells: dict[tuple[int, str, int], Decimal]
    target_groups: list[tuple[int | None, str]]
    tg_cells: dict[tuple[int, str, int | None], Decimal] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum(self.cells.values(), ZERO)

    def amount(self, *, year=None, source=None, priority=None) -> Decimal:
        return sum(
            (
                v
                for (y, s, p), v in self.cells.items()
                if (year is None or y == year)
                and (source is None or s == source)
                and (priority is None or p == priority)
            ),
            ZERO,
        )

    def _table(self, caption, row_header, rows, columns, get, note="") -> Table:
        body = []
        for key, label in rows:
            values = [get(key, c) for c, _label in columns]
            body.append((label, values, sum(values, ZERO)))
        totals = [sum((r[1][i] for r in body), ZERO) for i in range(len(columns))]
        return Table(
            caption=caption,
            row_header=row_header,
            columns=[label for _c, label in columns],
            rows=body,
            totals=totals,
            total=sum(totals, ZERO),
            note=note,
        )

    def by_year_and_source(self) -> Table:
        return self._table(
            _("Costs by year and funding source (CZK)"),
            _("Year"),
            [(y, str(y)) for y in self.years],
            self.sources,
            lambda y, s: self.amount(year=y, source=s),
        )

    def by_priority_and_year(self) -> Table:
        return self._table(
            _("Costs by priority and year (CZK)"),
            _("Priority"),
            self.priorities,
            [(y, str(y)) for y in self.years],
            lambda p, y: self.amount(year=y, priority=p),
        )

    def by_priority_and_source(self) -> Table:
        return self._table(
            _("Costs by priority and funding source (CZK)"),
            _("Priority"),
            self.priorities,
            self.sources,
            lambda p, s: self.amount(source=s, priority=p),
        )

    def by_target_group_and_year(self) -> Table:
        """Costs by target group: a measure for several target groups counts with each of
        them, so the rows overlap; the totals row is the plan's own total per year (each
        measure once), labelled so, never the (larger) sum of the rows."""

        def get(tg, y):
            return sum((v for (yy, _s, t), v in self.tg_cells.items() if yy == y and t == tg), ZERO)

        table = self._table(
            _("Costs by target group and year (CZK)"),
            _("Target group"),
            self.target_groups,
            [(y, str(y)) for y in self.years],
            get,
            note=_(
                "A measure for several target groups is counted with each of them, so the "
                "rows may add up to more than the plan's total."
            ),
        )
        table.totals = [self.amount(year=y) for y in self.years]
        table.total = sum(table.totals, ZERO)
        table.total_label = _("The plan's total (each measure counted once)")
        table.double_counted = True
        return table

    def tables(self) -> list[Table]:
        return [
            self.by_year_and_source(),
            self.by_priority_and_year(),
            self.by_priority_and_source(),
            self.by_target_group_and_year(),
        ]


def plan_finance(*, plan: Plan, measures: QuerySet[Measure] | list | None = None) -> Finance:
    """THE money selector: costs of ``plan`` (optionally only of some measures) summed by
    year × funding source × priority, and by year × funding source × target group.

    For a medium-term plan these are the costs of its measures and activities; for an
    action plan the budgets of its items (all in its year).
    """
    costs = CostEstimate.objects.filter(plan=plan)
    if measures is not None:
        costs = costs.filter(measure__in=measures)
    cells: dict[tuple[int, str, int], Decimal] = {}
    for row in costs.values("year", "source", "measure__priority_id").annotate(s=Sum("amount")):
        cells[(row["year"], row["source"], row["measure__priority_id"])] = row["s"]
    tg_cells: dict[tuple[int, str, int | None], Decimal] = defaultdict(lambda: ZERO)
    for row in costs.values("year", "source", "measure__target_groups").annotate(s=Sum("amount")):
        tg_cells[(row["year"], row["source"], row["measure__target_groups"])] += row["s"]
    priority_plan = plan.medium_term_plan if plan.kind == Plan.Kind.ACTION else plan
    priorities = [
        (p.pk, str(p)) for p in Priority.objects.filter(plan=priority_plan).order_by("order")
    ]
    from socplan.catalogue.models import CodelistItem

    tg_ids = {t for (_y, _s, t) in tg_cells if t is not None}
    target_groups: list[tuple[int | None, str]] = [
        (tg.pk, str(tg)) for tg in CodelistItem.objects.filter(pk__in=tg_ids)
    ]
    if any(t is None for (_y, _s, t) in tg_cells):
        target_groups.append((None, _("All target groups")))
    return Finance(
        years=plan.years,
        sources=list(FundingSource.choices),
        priorities=priorities,
        cells=cells,
        target_groups=target_groups,
        tg_cells=dict(tg_cells),
    )


# --- action plans ------------------------------------------------------------------------


@dataclass
class MeasureRow:
    """A row of an action plan for a measure's own costs (not split into activities)."""

    measure: Measure
    by_source: dict
    is_measure: bool = True
    expected_outputs: str = ""
    carried_over_from_id: None = None
    pk: None = None

    @property
    def code(self) -> str:
        return self.measure.code

    @property
    def title(self) -> str:
        return self.measure.title

    @property
    def responsible_label(self) -> str:
        return self.measure.responsible_label

    def get_status_display(self) -> str:
        return ""

    @property
    def budget_total(self) -> Decimal:
        return sum(self.by_source.values(), ZERO)


def action_plan_items(*, plan: Plan) -> list[dict]:
    """The rows of an action plan grouped by priority, each with its budget by source: its
    items (activities), and before the activities of a measure a row for the measure's own
    costs when it has some. The rows add up to :func:`plan_finance` of the action plan."""
    items = list(
        plan.items.select_related(
            "activity__measure__priority",
            "activity__responsible_municipality",
            "activity__responsible_provider",
            "carried_over_from__plan",
        ).prefetch_related("costs")
    )
    rows: list = []
    for item in items:
        activity = item.activity
        item.is_measure = False
        item.code, item.title = activity.code, activity.title
        item.responsible_label = activity.responsible_label
        item.by_source = defaultdict(lambda: ZERO)
        for cost in item.costs.all():
            item.by_source[cost.source] += cost.amount
        item.budget_total = sum(item.by_source.values(), ZERO)
        item.sort_key = (activity.measure.priority.order, activity.measure.order, activity.order)
        item.priority = activity.measure.priority
        rows.append(item)
    own_costs = CostEstimate.objects.filter(
        plan=plan, activity__isnull=True, action_item__isnull=True
    ).select_related(
        "measure__priority", "measure__responsible_municipality", "measure__responsible_provider"
    )
    measure_rows: dict[int, MeasureRow] = {}
    for cost in own_costs:
        row = measure_rows.get(cost.measure_id)
        if row is None:
            row = measure_rows[cost.measure_id] = MeasureRow(
                measure=cost.measure, by_source=defaultdict(lambda: ZERO)
            )
            row.sort_key = (cost.measure.priority.order, cost.measure.order, -1)
            row.priority = cost.measure.priority
            rows.append(row)
        row.by_source[cost.source] += cost.amount
    groups: dict[int, dict] = {}
    for row in sorted(rows, key=lambda r: r.sort_key):
        group = groups.setdefault(row.priority.pk, {"priority": row.priority, "items": []})
        group["items"].append(row)
    # Columns only for the sources the action plan uses (a narrower table).
    used = {source for row in rows for source, amount in row.by_source.items() if amount}
    for row in rows:
        row.budget = [
            (label, row.by_source[value]) for value, label in FundingSource.choices if value in used
        ]
    return list(groups.values())


def carry_over_candidates(*, plan: Plan) -> list[ActionItem]:
    """Unfinished items of the previous year's action plan not yet in ``plan``."""
    if plan.kind != Plan.Kind.ACTION:
        return []
    present = plan.items.values("activity_id")
    return list(
        ActionItem.objects.filter(
            plan__kind=Plan.Kind.ACTION,
            plan__medium_term_plan_id=plan.medium_term_plan_id,
            plan__year=plan.year - 1,
            status__in=ActionItem.UNFINISHED,
        )
        .exclude(activity_id__in=present)
        .select_related("activity")
    )


def plan_versions(*, plan: Plan):
    return plan.versions.select_related("created_by").order_by("-revision")


# --- the approved version of a plan under amendment --------------------------------------


def snapshot_finance(*, snapshot: dict) -> Finance:
    """The money of a kept version (:func:`socplan.planning.versions.plan_snapshot`), summed
    the same way as :func:`plan_finance` sums the live cost rows."""
    cells: dict[tuple[int, str, int], Decimal] = defaultdict(lambda: ZERO)
    tg_cells: dict[tuple[int, str, str | None], Decimal] = defaultdict(lambda: ZERO)
    priorities = []
    for p in snapshot.get("priorities", []):
        priorities.append((p["id"], f"{p['code']} {p['title']}".strip()))
        for m in p["measures"]:
            costs = list(m["costs"]) + [c for a in m["activities"] for c in a["costs"]]
            for c in costs:
                amount = Decimal(c["amount"])
                cells[(c["year"], c["source"], p["id"])] += amount
                for tg in m["target_groups"] or [None]:
                    tg_cells[(c["year"], c["source"], tg)] += amount
    names = sorted({t for (_y, _s, t) in tg_cells if t is not None})
    target_groups: list = [(name, name) for name in names]
    if any(t is None for (_y, _s, t) in tg_cells):
        target_groups.append((None, _("All target groups")))
    return Finance(
        years=list(range(snapshot["year_start"], snapshot["year_end"] + 1)),
        sources=list(FundingSource.choices),
        priorities=priorities,
        cells=dict(cells),
        target_groups=target_groups,
        tg_cells=dict(tg_cells),
    )


def approved_version_view(*, version: PlanVersion) -> dict:
    """The kept approved version as data for its public page: the snapshot with labels of
    the measure types and the money tables."""
    snapshot = version.snapshot
    kinds = dict(Measure.Kind.choices)
    priorities = []
    for p in snapshot.get("priorities", []):
        measures = []
        for m in p["measures"]:
            years = [y for y in (m["start_year"], m["end_year"]) if y]
            measures.append(
                {
                    **m,
                    "kind_label": kinds.get(m["kind"], m["kind"]),
                    "years_label": "–".join(str(y) for y in dict.fromkeys(years)),
                }
            )
        priorities.append({**p, "measures": measures})
    chapters = snapshot.get("chapters", {})
    return {
        "version": version,
        "snapshot": snapshot,
        "title": snapshot.get("title", ""),
        "chapters": chapters,
        "priorities": priorities,
        "finance": snapshot_finance(snapshot=snapshot),
    }
