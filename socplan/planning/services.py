"""Writes of plans, priorities, measures, activities, indicators, costs and action plans.

Every function owns its transaction, records what it did in the audit log and then keeps
a snapshot of the whole plan (:class:`~socplan.planning.models.PlanVersion`), so that every
saved change can be looked at and compared later. A frozen plan (approved, in force,
superseded) refuses changes with :class:`PlanFrozen`; :func:`plan_amendment_start` opens it
again as a new version with a reason. Invalid input raises ``ValidationError`` and changes
nothing.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from socplan.core.audit import audit_log
from socplan.core.numbering import next_number
from socplan.organisation.models import PlanningProcess

from .audit import PlanningAction
from .models import (
    ActionItem,
    Activity,
    CostEstimate,
    Draft,
    FundingSource,
    Indicator,
    Measure,
    Plan,
    PlanVersion,
    Priority,
)
from .versions import plan_snapshot


class PlanFrozen(ValidationError):
    """The plan is approved (or in force, or superseded): start an amendment to change it."""

    def __init__(self, plan: Plan):
        super().__init__(
            _(
                "Version %(version)s of this plan is %(status)s and cannot be changed. "
                "To change it, start an amendment (a new version) and give its reason."
            ),
            code="frozen",
            params={"version": plan.version, "status": plan.get_status_display()},
        )


PLAN_FIELDS = ("title", "year_start", "year_end", *Plan.CHAPTERS)
RESPONSIBILITY_FIELDS = (
    "responsible_municipality",
    "responsible_provider",
    "responsible_other",
    "partners",
    "start_year",
    "end_year",
)
PRIORITY_FIELDS = ("title", "description", "target_group", "sub_area")
MEASURE_FIELDS = (
    "title",
    "description",
    "justification",
    "kind",
    "working_group",
    *RESPONSIBILITY_FIELDS,
)
MEASURE_M2M = ("target_groups", "municipalities", "services", "findings")
ACTIVITY_FIELDS = ("title", "description", "expected_outputs", *RESPONSIBILITY_FIELDS)


# --- helpers -----------------------------------------------------------------------------


def _lock(plan: Plan) -> Plan:
    """Lock the plan row for this transaction and refuse if it is frozen."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.is_frozen:
        raise PlanFrozen(locked)
    return locked


def _record(*, plan: Plan, actor, kind: str = PlanVersion.Kind.SAVE, note: str = "") -> None:
    """Keep a snapshot of the whole plan (skipped when nothing changed since the last)."""
    plan.refresh_from_db()
    snapshot = plan_snapshot(plan)
    last = plan.versions.order_by("-revision").first()
    if last is not None and last.snapshot == snapshot and kind == PlanVersion.Kind.SAVE:
        return
    PlanVersion.objects.create(
        plan=plan,
        revision=(last.revision + 1) if last else 1,
        version=plan.version,
        kind=kind,
        status=plan.status,
        note=note,
        snapshot=snapshot,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )


def _renumber(plan: Plan) -> None:
    """Give priorities, measures and activities consecutive orders and their codes
    ("2", "2.3", "2.3.1")."""
    priorities = list(plan.priorities.order_by("order", "id"))
    # three queries for the whole plan (not one per priority and one per measure)
    measures_of: dict[int, list[Measure]] = {}
    for measure in Measure.objects.filter(priority__plan=plan).order_by("order", "id"):
        measures_of.setdefault(measure.priority_id, []).append(measure)
    activities_of: dict[int, list[Activity]] = {}
    activities = Activity.objects.filter(measure__priority__plan=plan).order_by("order", "id")
    for activity in activities:
        activities_of.setdefault(activity.measure_id, []).append(activity)
    changed_p, changed_m, changed_a = [], [], []
    for i, priority in enumerate(priorities, start=1):
        if (priority.order, priority.code) != (i, str(i)):
            priority.order, priority.code = i, str(i)
            changed_p.append(priority)
        for j, measure in enumerate(measures_of.get(priority.pk, []), start=1):
            code = f"{i}.{j}"
            if (measure.order, measure.code) != (j, code):
                measure.order, measure.code = j, code
                changed_m.append(measure)
            for k, activity in enumerate(activities_of.get(measure.pk, []), start=1):
                a_code = f"{code}.{k}"
                if (activity.order, activity.code) != (k, a_code):
                    activity.order, activity.code = k, a_code
                    changed_a.append(activity)
    Priority.objects.bulk_update(changed_p, ["order", "code"])
    Measure.objects.bulk_update(changed_m, ["order", "code"])
    Activity.objects.bulk_update(changed_a, ["order", "code"])


def _set_fields(obj, fields: Mapping[str, Any], allowed: Iterable[str]) -> dict:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    changed = {}
    for name, value in fields.items():
        if getattr(obj, name) != value:
            changed[name] = str(value.pk if hasattr(value, "pk") else value)[:200]
        setattr(obj, name, value)
    return changed


def _move(items: list, obj, direction: str) -> bool:
    """Swap ``obj`` with its neighbour in ``items`` (ordered); False at either end."""
    index = [x.pk for x in items].index(obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items, start=1):
        if item.order != position:
            item.order = position
            type(item).objects.filter(pk=item.pk).update(order=position)
    return True


def _costs_replace(
    *, plan: Plan, measure: Measure, costs: Iterable[Mapping[str, Any]], **owner
) -> None:
    """Replace the costs of a measure (owner empty), an activity or an action item."""
    rows = []
    for item in costs:
        cost = CostEstimate(
            plan=plan,
            measure=measure,
            year=item["year"],
            amount=Decimal(item["amount"]),
            source=item["source"],
            **owner,
        )
        cost.full_clean(exclude=["plan", "measure", "activity", "action_item"])
        rows.append(cost)
    existing = CostEstimate.objects.filter(plan=plan, measure=measure)
    if owner:
        existing = existing.filter(**owner)
    else:
        existing = existing.filter(activity__isnull=True, action_item__isnull=True)
    existing.delete()
    CostEstimate.objects.bulk_create(rows)


def _validate_cost_years(costs: list[Mapping[str, Any]], plan: Plan) -> None:
    for item in costs:
        if not plan.year_start <= item["year"] <= plan.year_end:
            raise ValidationError(
                _("Costs can only be planned for the years of the plan (%(start)s to %(end)s)."),
                code="cost_year",
                params={"start": plan.year_start, "end": plan.year_end},
            )
        if item["source"] not in FundingSource.values:
            raise ValidationError(_("Unknown funding source."), code="source")


# --- plans -------------------------------------------------------------------------------


def plan_create(
    *,
    actor,
    process: PlanningProcess,
    title: str,
    year_start: int,
    year_end: int,
    is_demo: bool = False,
    **chapters: Any,
) -> Plan:
    """Create a medium-term plan of a process (action plans: :func:`action_plan_create`)."""
    unknown = set(chapters) - set(Plan.CHAPTERS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        plan = Plan(
            process=process,
            kind=Plan.Kind.MEDIUM_TERM,
            title=title,
            year_start=year_start,
            year_end=year_end,
            is_demo=is_demo,
            **chapters,
        )
        plan.full_clean()
        plan.save()
        audit_log(actor=actor, action=PlanningAction.PLAN_CREATED, obj=plan, process=process.pk)
        _record(plan=plan, actor=actor)
    return plan


def plan_update(*, actor, plan: Plan, **fields: Any) -> Plan:
    """Change the title, years and chapters of a plan."""
    with transaction.atomic():
        locked = _lock(plan)
        changed = _set_fields(locked, fields, PLAN_FIELDS)
        locked.full_clean()
        if plan.kind == Plan.Kind.MEDIUM_TERM:
            outside = Measure.objects.filter(priority__plan=locked).exclude(
                start_year__isnull=True, end_year__isnull=True
            )
            for measure in outside:
                measure.clean_years(locked)
        locked.save()
        if changed:
            audit_log(actor=actor, action=PlanningAction.PLAN_UPDATED, obj=locked, changed=changed)
        _record(plan=locked, actor=actor)
    plan.refresh_from_db()
    return plan


def plan_version_save(*, actor, plan: Plan, note: str) -> PlanVersion:
    """Keep the current state as a named version (also when nothing changed)."""
    with transaction.atomic():
        _record(plan=plan, actor=actor, kind=PlanVersion.Kind.MANUAL, note=note.strip())
        version = plan.versions.order_by("-revision").first()
        audit_log(
            actor=actor,
            action=PlanningAction.PLAN_VERSION_SAVED,
            obj=plan,
            revision=version.revision,
        )
    return version


STATUS_FLOW = {
    Plan.Status.DRAFT: {Plan.Status.CONSULTATION, Plan.Status.APPROVED},
    Plan.Status.CONSULTATION: {Plan.Status.DRAFT, Plan.Status.APPROVED},
    Plan.Status.APPROVED: {Plan.Status.IN_FORCE, Plan.Status.SUPERSEDED},
    Plan.Status.IN_FORCE: {Plan.Status.SUPERSEDED},
    Plan.Status.SUPERSEDED: set(),
}


def plan_status_set(
    *,
    actor,
    plan: Plan,
    status: str,
) -> Plan:
    """Move the plan along draft → in consultation → approved → in force → superseded.

    Approving freezes the plan and keeps the approved version; who approved it (councils,
    resolution, date) is recorded by :func:`socplan.consultation.services.plan_approve`,
    which calls this.
    """
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if status not in STATUS_FLOW.get(locked.status, set()):
            raise ValidationError(
                _("A plan that is %(old)s cannot become %(new)s."),
                code="status_flow",
                params={
                    "old": locked.get_status_display(),
                    "new": Plan.Status(status).label if status in Plan.Status.values else status,
                },
            )
        old = locked.status
        locked.status = status
        locked.save()
        audit_log(
            actor=actor, action=PlanningAction.PLAN_STATUS_CHANGED, obj=locked, old=old, new=status
        )
        kind = (
            PlanVersion.Kind.APPROVED if status == Plan.Status.APPROVED else PlanVersion.Kind.SAVE
        )
        _record(plan=locked, actor=actor, kind=kind)
    plan.refresh_from_db()
    return plan


def plan_amendment_start(*, actor, plan: Plan, reason: str) -> Plan:
    """Open a frozen plan for changes as its next version (an amendment), with a reason.

    The approved version stays kept as it was; the plan becomes a draft of version + 1.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason of the amendment.")})
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if not locked.is_frozen:
            raise ValidationError(
                _("Only an approved plan is changed by an amendment; this one can be edited."),
                code="not_frozen",
            )
        locked.version += 1
        locked.status = Plan.Status.DRAFT
        locked.amendment_reason = reason
        locked.save()
        audit_log(
            actor=actor,
            action=PlanningAction.PLAN_AMENDMENT_STARTED,
            obj=locked,
            version=locked.version,
            reason=reason,
        )
        _record(plan=locked, actor=actor, kind=PlanVersion.Kind.AMENDMENT, note=reason)
    plan.refresh_from_db()
    return plan


# --- priorities --------------------------------------------------------------------------


def priority_create(*, actor, plan: Plan, title: str, **fields: Any) -> Priority:
    with transaction.atomic():
        locked = _lock(plan)
        priority = Priority(plan=locked, order=next_number(locked.priorities, "order"))
        _set_fields(priority, {"title": title, **fields}, PRIORITY_FIELDS)
        priority.full_clean(exclude=["plan"])
        priority.save()
        _renumber(locked)
        priority.refresh_from_db()
        audit_log(actor=actor, action=PlanningAction.PRIORITY_CREATED, obj=priority, plan=locked.pk)
        _record(plan=locked, actor=actor)
    return priority


def priority_update(*, actor, priority: Priority, **fields: Any) -> Priority:
    with transaction.atomic():
        plan = _lock(priority.plan)
        changed = _set_fields(priority, fields, PRIORITY_FIELDS)
        priority.full_clean(exclude=["plan"])
        priority.save()
        if changed:
            audit_log(
                actor=actor, action=PlanningAction.PRIORITY_UPDATED, obj=priority, changed=changed
            )
        _record(plan=plan, actor=actor)
    return priority


def priority_delete(*, actor, priority: Priority) -> None:
    with transaction.atomic():
        plan = _lock(priority.plan)
        if ActionItem.objects.filter(activity__measure__priority=priority).exists():
            raise ValidationError(
                _("This priority has activities in an action plan; remove them there first."),
                code="in_action_plan",
            )
        audit_log(
            actor=actor, action=PlanningAction.PRIORITY_DELETED, obj=priority, code=priority.code
        )
        priority.delete()
        _renumber(plan)
        _record(plan=plan, actor=actor)


def priority_move(*, actor, priority: Priority, direction: str) -> bool:
    """Move a priority up or down; codes of it and everything under it are renumbered."""
    with transaction.atomic():
        plan = _lock(priority.plan)
        moved = _move(list(plan.priorities.order_by("order", "id")), priority, direction)
        if moved:
            _renumber(plan)
            audit_log(
                actor=actor, action=PlanningAction.PRIORITY_MOVED, obj=priority, direction=direction
            )
            _record(plan=plan, actor=actor)
    return moved


# --- measures ----------------------------------------------------------------------------


def _measure_apply(
    *,
    measure: Measure,
    plan: Plan,
    fields: Mapping[str, Any],
    m2m: Mapping[str, Any],
    indicators: list[Mapping[str, Any]] | None,
    costs: list[Mapping[str, Any]] | None,
) -> dict:
    changed = _set_fields(measure, fields, MEASURE_FIELDS)
    measure.full_clean(exclude=["priority", *MEASURE_M2M])
    measure.clean_years(plan)
    if measure.working_group_id and measure.working_group.process_id != plan.process_id:
        raise ValidationError({"working_group": _("Choose a group of this process.")})
    if any(f.process_id != plan.process_id for f in m2m.get("findings") or []):
        raise ValidationError({"findings": _("Choose findings of this process.")})
    if costs is not None:
        _validate_cost_years(costs, plan)
    if indicators is not None:
        for item in indicators:
            for year in item.get("targets", {}):
                if not plan.year_start <= int(year) <= plan.year_end:
                    raise ValidationError(_("Targets are set for the years of the plan."))
    measure.save()
    unknown = set(m2m) - set(MEASURE_M2M)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    for name, values in m2m.items():
        getattr(measure, name).set(values)
        changed[name] = "set"
    if indicators is not None:
        measure.indicators.all().delete()
        for order, item in enumerate(indicators, start=1):
            indicator = Indicator(
                measure=measure,
                order=order,
                name=item["name"],
                unit=item.get("unit", ""),
                baseline=item.get("baseline"),
                targets={str(k): str(v) for k, v in (item.get("targets") or {}).items()},
                source=item.get("source", ""),
            )
            indicator.full_clean(exclude=["measure"])
            indicator.save()
        changed["indicators"] = len(indicators)
    if costs is not None:
        _costs_replace(plan=plan, measure=measure, costs=costs)
        changed["costs"] = len(costs)
    return changed


def measure_create(
    *,
    actor,
    priority: Priority,
    title: str,
    indicators: list[Mapping[str, Any]] | None = None,
    costs: list[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> Measure:
    """Add a measure at the end of a priority; it gets the next code (e.g. 2.4)."""
    m2m = {k: fields.pop(k) for k in MEASURE_M2M if k in fields}
    with transaction.atomic():
        plan = _lock(priority.plan)
        measure = Measure(priority=priority, order=next_number(priority.measures, "order"))
        _measure_apply(
            measure=measure,
            plan=plan,
            fields={"title": title, **fields},
            m2m=m2m,
            indicators=indicators,
            costs=costs,
        )
        _renumber(plan)
        measure.refresh_from_db()
        audit_log(
            actor=actor, action=PlanningAction.MEASURE_CREATED, obj=measure, code=measure.code
        )
        _record(plan=plan, actor=actor)
    return measure


def measure_update(
    *,
    actor,
    measure: Measure,
    priority: Priority | None = None,
    indicators: list[Mapping[str, Any]] | None = None,
    costs: list[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> Measure:
    """Change a measure (and, when given, replace its indicators and its own costs).

    Given another ``priority`` of the same plan, the measure moves to its end and the codes
    of both priorities are renumbered.
    """
    m2m = {k: fields.pop(k) for k in MEASURE_M2M if k in fields}
    with transaction.atomic():
        plan = _lock(measure.priority.plan)
        if priority is not None and priority.pk != measure.priority_id:
            if priority.plan_id != plan.pk:
                raise ValidationError({"priority": _("Choose a priority of this plan.")})
            measure.priority = priority
            measure.order = next_number(priority.measures, "order")
            fields_changed = {"priority": priority.code}
        else:
            fields_changed = {}
        fields_changed.update(
            _measure_apply(
                measure=measure,
                plan=plan,
                fields=fields,
                m2m=m2m,
                indicators=indicators,
                costs=costs,
            )
        )
        _renumber(plan)
        measure.refresh_from_db()
        if fields_changed:
            audit_log(
                actor=actor,
                action=PlanningAction.MEASURE_UPDATED,
                obj=measure,
                changed=fields_changed,
            )
        _record(plan=plan, actor=actor)
    return measure


def measure_delete(*, actor, measure: Measure) -> None:
    with transaction.atomic():
        plan = _lock(measure.priority.plan)
        if ActionItem.objects.filter(activity__measure=measure).exists():
            raise ValidationError(
                _("This measure has activities in an action plan; remove them there first."),
                code="in_action_plan",
            )
        audit_log(
            actor=actor, action=PlanningAction.MEASURE_DELETED, obj=measure, code=measure.code
        )
        measure.delete()
        _renumber(plan)
        _record(plan=plan, actor=actor)


def measure_move(*, actor, measure: Measure, direction: str) -> bool:
    """Move a measure up or down within its priority; codes are renumbered."""
    with transaction.atomic():
        plan = _lock(measure.priority.plan)
        siblings = list(measure.priority.measures.order_by("order", "id"))
        moved = _move(siblings, measure, direction)
        if moved:
            _renumber(plan)
            audit_log(
                actor=actor, action=PlanningAction.MEASURE_MOVED, obj=measure, direction=direction
            )
            _record(plan=plan, actor=actor)
    return moved


# --- activities --------------------------------------------------------------------------


def _activity_apply(*, activity, plan, fields, costs) -> dict:
    changed = _set_fields(activity, fields, ACTIVITY_FIELDS)
    activity.full_clean(exclude=["measure"])
    activity.clean_years(plan)
    if costs is not None:
        _validate_cost_years(costs, plan)
    activity.save()
    if costs is not None:
        _costs_replace(plan=plan, measure=activity.measure, costs=costs, activity=activity)
        changed["costs"] = len(costs)
    return changed


def activity_create(
    *,
    actor,
    measure: Measure,
    title: str,
    costs: list[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> Activity:
    with transaction.atomic():
        plan = _lock(measure.priority.plan)
        activity = Activity(measure=measure, order=next_number(measure.activities, "order"))
        _activity_apply(
            activity=activity, plan=plan, fields={"title": title, **fields}, costs=costs
        )
        _renumber(plan)
        activity.refresh_from_db()
        audit_log(
            actor=actor, action=PlanningAction.ACTIVITY_CREATED, obj=activity, code=activity.code
        )
        _record(plan=plan, actor=actor)
    return activity


def activity_update(
    *, actor, activity: Activity, costs: list[Mapping[str, Any]] | None = None, **fields: Any
) -> Activity:
    with transaction.atomic():
        plan = _lock(activity.measure.priority.plan)
        changed = _activity_apply(activity=activity, plan=plan, fields=fields, costs=costs)
        if changed:
            audit_log(
                actor=actor, action=PlanningAction.ACTIVITY_UPDATED, obj=activity, changed=changed
            )
        _record(plan=plan, actor=actor)
    return activity


def activity_delete(*, actor, activity: Activity) -> None:
    with transaction.atomic():
        plan = _lock(activity.measure.priority.plan)
        if activity.action_items.exists():
            raise ValidationError(
                _("This activity is in an action plan; remove it there first."),
                code="in_action_plan",
            )
        audit_log(
            actor=actor, action=PlanningAction.ACTIVITY_DELETED, obj=activity, code=activity.code
        )
        activity.delete()
        _renumber(plan)
        _record(plan=plan, actor=actor)


def activity_move(*, actor, activity: Activity, direction: str) -> bool:
    with transaction.atomic():
        plan = _lock(activity.measure.priority.plan)
        siblings = list(activity.measure.activities.order_by("order", "id"))
        moved = _move(siblings, activity, direction)
        if moved:
            _renumber(plan)
            audit_log(
                actor=actor, action=PlanningAction.ACTIVITY_MOVED, obj=activity, direction=direction
            )
            _record(plan=plan, actor=actor)
    return moved


# --- action plans ------------------------------------------------------------------------


def activity_runs_in(activity: Activity, year: int) -> bool:
    """Whether an activity runs in a year (an activity without years runs when its measure
    does)."""
    if activity.start_year or activity.end_year:
        return activity.runs_in(year)
    return activity.measure.runs_in(year)


def _item_add(*, plan: Plan, activity: Activity, order: int, carried_from=None) -> ActionItem:
    item = ActionItem.objects.create(
        plan=plan,
        activity=activity,
        order=order,
        expected_outputs=activity.expected_outputs,
        carried_over_from=carried_from,
    )
    costs = [
        {"year": plan.year, "amount": c.amount, "source": c.source}
        for c in activity.costs.filter(plan=plan.medium_term_plan, year=plan.year)
    ]
    if not costs and carried_from is not None:
        # Unfinished work keeps its budget of the previous year until it is revised.
        costs = [
            {"year": plan.year, "amount": c.amount, "source": c.source}
            for c in carried_from.costs.all()
        ]
    _costs_replace(plan=plan, measure=activity.measure, costs=costs, action_item=item)
    return item


def action_plan_create(
    *, actor, medium_term_plan: Plan, year: int, title: str = "", is_demo: bool = False
) -> Plan:
    """Create the action plan for ``year``: every activity of the medium-term plan that runs
    in that year, with its budget for the year by source and its expected outputs."""
    if medium_term_plan.kind != Plan.Kind.MEDIUM_TERM:
        raise ValidationError(_("An action plan belongs to a medium-term plan."))
    if not medium_term_plan.year_start <= year <= medium_term_plan.year_end:
        raise ValidationError(
            {
                "year": _("Choose a year of the plan (%(start)s to %(end)s).")
                % {"start": medium_term_plan.year_start, "end": medium_term_plan.year_end}
            }
        )
    if medium_term_plan.action_plans.filter(year=year).exists():
        raise ValidationError({"year": _("The action plan for this year exists already.")})
    with transaction.atomic():
        plan = Plan(
            process=medium_term_plan.process,
            kind=Plan.Kind.ACTION,
            medium_term_plan=medium_term_plan,
            year=year,
            year_start=year,
            year_end=year,
            title=title.strip()
            or _("Action plan %(year)s") % {"year": year} + f" – {medium_term_plan.title}",
            is_demo=is_demo,
        )
        plan.full_clean()
        plan.save()
        activities = Activity.objects.filter(measure__priority__plan=medium_term_plan).order_by(
            "measure__priority__order", "measure__order", "order"
        )
        order = 0
        for activity in activities.select_related("measure"):
            if activity_runs_in(activity, year):
                order += 1
                _item_add(plan=plan, activity=activity, order=order)
        # A measure's own costs for the year (not split into activities) come along too.
        own_costs: dict[Measure, list] = {}
        for c in CostEstimate.objects.filter(
            plan=medium_term_plan, year=year, activity__isnull=True, action_item__isnull=True
        ).select_related("measure"):
            own_costs.setdefault(c.measure, []).append(
                {"year": year, "amount": c.amount, "source": c.source}
            )
        for measure, costs in own_costs.items():
            _costs_replace(plan=plan, measure=measure, costs=costs)
        audit_log(
            actor=actor,
            action=PlanningAction.ACTION_PLAN_CREATED,
            obj=plan,
            year=year,
            medium_term_plan=medium_term_plan.pk,
            activities=order,
            measures_with_own_costs=len(own_costs),
        )
        _record(plan=plan, actor=actor)
    return plan


def action_item_update(
    *,
    actor,
    item: ActionItem,
    expected_outputs: str,
    status: str,
    costs: list[Mapping[str, Any]] | None = None,
) -> ActionItem:
    """Change an activity of an action plan: its outputs, status and budget for the year."""
    with transaction.atomic():
        plan = _lock(item.plan)
        item.expected_outputs = expected_outputs
        item.status = status
        item.full_clean(exclude=["plan", "activity", "carried_over_from"])
        item.save()
        if costs is not None:
            costs = [{**c, "year": plan.year} for c in costs]
            _validate_cost_years(costs, plan)
            _costs_replace(plan=plan, measure=item.activity.measure, costs=costs, action_item=item)
        audit_log(actor=actor, action=PlanningAction.ACTION_ITEM_UPDATED, obj=item, status=status)
        _record(plan=plan, actor=actor)
    return item


def action_measure_costs_set(
    *, actor, plan: Plan, measure: Measure, costs: list[Mapping[str, Any]]
) -> None:
    """Change the own costs of a measure (not split into activities) for the year of an
    action plan."""
    if plan.kind != Plan.Kind.ACTION or measure.priority.plan_id != plan.medium_term_plan_id:
        raise ValidationError(_("The measure is not in the plan of this action plan."))
    with transaction.atomic():
        locked = _lock(plan)
        costs = [{**c, "year": locked.year} for c in costs]
        _validate_cost_years(costs, locked)
        _costs_replace(plan=locked, measure=measure, costs=costs)
        audit_log(
            actor=actor,
            action=PlanningAction.ACTION_PLAN_MEASURE_COSTS_CHANGED,
            obj=locked,
            measure=measure.pk,
            total=str(sum((Decimal(c["amount"]) for c in costs), Decimal(0))),
        )
        _record(plan=locked, actor=actor)


def action_plan_carry_over(*, actor, plan: Plan) -> list[ActionItem]:
    """Take the activities left unfinished in the action plan of the previous year into
    this one (those not in it yet). Returns the items added."""
    if plan.kind != Plan.Kind.ACTION:
        raise ValidationError(_("Only an action plan takes over unfinished activities."))
    with transaction.atomic():
        locked = _lock(plan)
        previous = Plan.objects.filter(
            kind=Plan.Kind.ACTION,
            medium_term_plan_id=locked.medium_term_plan_id,
            year=locked.year - 1,
        ).first()
        if previous is None:
            raise ValidationError(
                _("There is no action plan for %(year)s to carry over from."),
                code="no_previous",
                params={"year": locked.year - 1},
            )
        present = set(locked.items.values_list("activity_id", flat=True))
        order = locked.items.aggregate(m=Max("order"))["m"] or 0
        added = []
        unfinished = previous.items.filter(status__in=ActionItem.UNFINISHED).select_related(
            "activity__measure"
        )
        for old in unfinished:
            if old.activity_id in present:
                continue
            order += 1
            added.append(
                _item_add(plan=locked, activity=old.activity, order=order, carried_from=old)
            )
        audit_log(
            actor=actor,
            action=PlanningAction.ACTION_PLAN_CARRIED_OVER,
            obj=locked,
            source_plan=previous.pk,
            activities=len(added),
        )
        _record(plan=locked, actor=actor)
    return added


# --- autosave drafts ---------------------------------------------------------------------


def draft_save(*, user, plan: Plan, key: str, data: Mapping[str, list[str]]) -> Draft:
    """Keep what a user typed into a form, whatever it is (no validation: nothing is lost).

    Not audited: a draft is private to its author and changes nothing in the plan.
    """
    with transaction.atomic():
        draft, _created = Draft.objects.update_or_create(
            user=user, key=key, defaults={"plan": plan, "data": dict(data)}
        )
    return draft


def draft_discard(*, user, key: str) -> None:
    with transaction.atomic():
        Draft.objects.filter(user=user, key=key).delete()


# --- the state of activities (written by monitoring) and the next plan ---------------------


def action_item_status_set(*, actor, item: ActionItem, status: str) -> ActionItem:
    """Record what became of an activity in its year (done, in progress, not done, ...).

    The state is owned here; the yearly monitoring writes it through this function. It is
    allowed in an approved (frozen) action plan as well: it says what happened, it does not
    change what was planned, so no new version of a frozen plan is kept.
    """
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Choose a valid state of the activity.")})
    with transaction.atomic():
        locked = ActionItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
        old = locked.status
        if old == status:
            return locked
        locked.status = status
        locked.save(update_fields=["status"])
        audit_log(
            actor=actor,
            action=PlanningAction.ACTION_ITEM_STATUS_SET,
            obj=locked,
            old=old,
            new=status,
        )
        if not locked.plan.is_frozen:
            _record(plan=locked.plan, actor=actor)
    item.status = status
    return item


def plan_start_next(
    *,
    actor,
    plan: Plan,
    title: str,
    year_start: int,
    year_end: int,
    activities: Iterable[Activity],
    measures: Iterable[Measure] = (),
    is_demo: bool = False,
) -> Plan:
    """Start the next medium-term plan as a draft from ``plan``: the given (unfinished)
    activities come over with their measures and priorities (texts, target groups,
    municipalities, services, responsibility, indicators without targets), in the same
    order; years and costs are left to the new plan. ``measures`` come over even when
    none of their activities does (a measure without activities)."""
    if plan.kind != Plan.Kind.MEDIUM_TERM:
        raise ValidationError(_("Only a medium-term plan starts the next one."))
    chosen = {a.pk for a in activities}
    chosen_measures = {m.pk for m in measures}
    with transaction.atomic():
        new = plan_create(
            actor=actor,
            process=plan.process,
            title=title,
            year_start=year_start,
            year_end=year_end,
            is_demo=is_demo,
            **{name: getattr(plan, name) for name in Plan.CHAPTERS},
        )
        carried = 0
        for priority in plan.priorities.order_by("order", "id"):
            measures = [
                m
                for m in priority.measures.order_by("order", "id").prefetch_related(
                    "activities", "indicators", "target_groups", "municipalities", "services"
                )
                if m.pk in chosen_measures or any(a.pk in chosen for a in m.activities.all())
            ]
            if not measures:
                continue
            new_priority = priority_create(
                actor=actor,
                plan=new,
                title=priority.title,
                description=priority.description,
                target_group=priority.target_group,
                sub_area=priority.sub_area,
            )
            for measure in measures:
                fields = {name: getattr(measure, name) for name in MEASURE_FIELDS}
                fields.update(start_year=None, end_year=None)
                new_measure = measure_create(
                    actor=actor,
                    priority=new_priority,
                    indicators=[
                        {
                            "name": i.name,
                            "unit": i.unit,
                            "baseline": i.baseline,
                            "targets": {},
                            "source": i.source,
                        }
                        for i in measure.indicators.all()
                    ],
                    target_groups=list(measure.target_groups.all()),
                    municipalities=list(measure.municipalities.all()),
                    services=list(measure.services.all()),
                    **fields,
                )
                for activity in measure.activities.all():
                    if activity.pk not in chosen:
                        continue
                    a_fields = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
                    a_fields.update(start_year=None, end_year=None)
                    activity_create(actor=actor, measure=new_measure, **a_fields)
                    carried += 1
        audit_log(
            actor=actor,
            action=PlanningAction.PLAN_STARTED_FROM,
            obj=new,
            source_plan=plan.pk,
            activities=carried,
        )
    new.refresh_from_db()
    return new
