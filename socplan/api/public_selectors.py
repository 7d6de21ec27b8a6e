"""Read queries of the public API of the processes (``/api/v1/``): what the public pages show,
found with the apps' own selectors and decided by their own permission rules, asked as an
anonymous visitor.

The API knows no session: whoever calls it (a signed-in coordinator too) gets what an
anonymous visitor of the pages gets. Each getter answers ``None`` for an object that does not
exist *and* for one the public may not see, so that the views cannot tell them apart.

The content of a plan is the one its public page shows: the plan itself while it is public
(in consultation, approved, in force, superseded), its last approved version while an
amendment is being drafted (never the amendment's text), nothing for a draft.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from socplan.consultation import selectors as consultation
from socplan.consultation.models import CouncilDecision, Round
from socplan.core.numbers import is_digits
from socplan.monitoring import selectors as monitoring
from socplan.monitoring.models import Evaluation, IndicatorValue, MonitoringPeriod
from socplan.organisation import selectors as organisation
from socplan.organisation.models import PlanningProcess
from socplan.planning import selectors as planning
from socplan.planning.models import Indicator, Plan
from socplan.planning.versions import plan_snapshot
from socplan.territory.models import Municipality

# what the public is: every check of this module asks the apps' rules for this user
PUBLIC = AnonymousUser()
MAX_ID = 2**31 - 1  # a larger number is no object (and no database takes it as an id)


def number_id(value: str) -> int | None:
    """A numeric id of a path, or None (no object has it)."""
    if not (is_digits(value)) or len(value) > 10:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


# --- processes -----------------------------------------------------------------------------


def processes(*, region: str = "", municipality: str = "") -> QuerySet[PlanningProcess]:
    """Published processes (the public list), optionally of one region or covering one
    municipality (ČSÚ codes), by name."""
    qs = organisation.published_processes().select_related("planning_area__orp__region")
    if region or municipality:
        matching = PlanningProcess.objects.all()
        if region:
            matching = matching.filter(planning_area__municipalities__district__region__code=region)
        if municipality:
            matching = matching.filter(planning_area__municipalities__code=municipality)
        qs = qs.filter(pk__in=matching.values("pk"))
    return qs.order_by("name", "pk")


def process(*, slug: str) -> PlanningProcess | None:
    """The process with ``slug`` when the public sees it (published)."""
    if len(slug) > 100:
        return None
    found = (
        PlanningProcess.objects.select_related("planning_area__orp__region")
        .prefetch_related("phases")
        .filter(slug=slug)
        .first()
    )
    if found is None or not PUBLIC.has_perm("organisation.view_process", found):
        return None
    return found


def area_municipalities(*, process: PlanningProcess) -> list[Municipality]:
    return list(
        process.planning_area.municipalities.select_related("district__region", "orp").order_by(
            "code"
        )
    )


# --- plans ---------------------------------------------------------------------------------


@dataclass
class PublicPlan:
    """A plan as the public sees it: the plan row (title and years as shown), the content
    (a snapshot: :func:`socplan.planning.versions.plan_snapshot`) and whether that content
    is the last approved version of a plan under amendment."""

    plan: Plan
    content: dict | None = None
    approved_version: object = None  # the PlanVersion shown instead of the amendment
    # the medium-term plan of an action plan, when the public sees it (else None: the id of
    # a plan the public may not read is never given)
    parent_id: int | None = None

    @property
    def shown_version(self) -> int:
        if self.approved_version is not None:
            return self.approved_version.version
        return self.plan.version

    @property
    def shown_status(self) -> str:
        if self.approved_version is not None:
            return self.approved_version.status
        return self.plan.status


def plans(*, process: PlanningProcess) -> list[PublicPlan]:
    """The public plans of a published process (planning's own list for the public)."""
    result = planning.plans_of_process(process=process, internal=False)
    versions = planning.plan_approved_versions(plans=result)
    public_ids = {p.pk for p in result}
    return [
        PublicPlan(
            plan=p,
            approved_version=versions.get(p.pk),
            parent_id=p.medium_term_plan_id if p.medium_term_plan_id in public_ids else None,
        )
        for p in result
    ]


def _sees_plan(plan: Plan | None) -> bool:
    return plan is not None and (
        PUBLIC.has_perm("planning.view_plan", plan)
        or PUBLIC.has_perm("planning.view_plan_approved_version", plan)
    )


def plan(*, id: str, content: bool = True) -> PublicPlan | None:
    """A plan by id when the public sees it, with its public content: the plan (the public
    may read it) or its last approved version (an amendment is drafted); else None."""
    number = number_id(id)
    if number is None:
        return None
    found = (
        Plan.objects.select_related("process__planning_area", "medium_term_plan")
        .filter(pk=number)
        .first()
    )
    if found is None or not PUBLIC.has_perm("organisation.view_process", found.process):
        return None
    parent_id = found.medium_term_plan_id if _sees_plan(found.medium_term_plan) else None
    if PUBLIC.has_perm("planning.view_plan", found):
        return PublicPlan(
            plan=found, content=plan_snapshot(found) if content else None, parent_id=parent_id
        )
    if PUBLIC.has_perm("planning.view_plan_approved_version", found):
        version = planning.plan_approved_version(plan=found)
        snapshot = version.snapshot
        found.title = snapshot["title"]  # shown as approved (never saved)
        found.year_start, found.year_end = snapshot["year_start"], snapshot["year_end"]
        return PublicPlan(
            plan=found, content=snapshot, approved_version=version, parent_id=parent_id
        )
    return None


def public_content(public: PublicPlan) -> dict:
    """The content the public reads of a plan found without it (``content=False``)."""
    if public.content is None:
        if public.approved_version is not None:
            public.content = public.approved_version.snapshot
        else:
            public.content = plan_snapshot(public.plan)
    return public.content


def indicator_values(*, plan: Plan) -> dict[tuple, dict]:
    """The indicators of a medium-term plan by ("id", indicator id) and by (measure id,
    name) (an approved version saved before its indicators' ids were in its snapshot), each
    with its values by year from the approved monitoring periods of the plan (what the
    public dashboard shows) and its kind (cumulative or level)."""
    if plan.kind != Plan.Kind.MEDIUM_TERM:
        return {}
    indicators = Indicator.objects.filter(measure__priority__plan=plan).select_related(
        "monitoring_setup"
    )
    values: dict[int, dict[int, object]] = {}
    for indicator_id, year, value in IndicatorValue.objects.filter(
        period__action_plan__medium_term_plan=plan,
        period__status=MonitoringPeriod.Status.APPROVED,
    ).values_list("indicator_id", "period__action_plan__year", "value"):
        values.setdefault(indicator_id, {})[year] = value
    result = {}
    for indicator in indicators:
        setup = getattr(indicator, "monitoring_setup", None)
        found = {
            "id": indicator.pk,
            "aggregation": setup.aggregation if setup is not None else "level",
            "values": values.get(indicator.pk, {}),
        }
        result[("id", indicator.pk)] = result[(indicator.measure_id, indicator.name)] = found
    return result


# --- consultation and approval ---------------------------------------------------------------


def rounds(*, plan: Plan) -> list[Round]:
    """The consultation rounds of a plan the public may read (consultation's rule)."""
    return [r for r in consultation.rounds_of_plan(plan=plan) if _sees_round(r)]


def _sees_round(round_: Round) -> bool:
    return PUBLIC.has_perm("consultation.view_round", round_)


def round_(*, id: str) -> Round | None:
    number = number_id(id)
    if number is None:
        return None
    found = Round.objects.select_related("plan__process", "swot__group").filter(pk=number).first()
    if found is None or not PUBLIC.has_perm("organisation.view_process", found.plan.process):
        return None
    return found if _sees_round(found) else None


def comments(*, round: Round):
    """The comments the public sees (counted, not hidden) with their resolutions."""
    return consultation.public_comments(round=round).select_related("resolution")


def approval(*, plan: Plan) -> dict:
    """The approval of the plan's last approved version and the councils' decisions the
    public may read (consultation's rule, for each of them)."""
    summary = consultation.approval_summary(plan=plan) or {}
    found = summary.get("approval")
    if found is not None:
        found.plan = plan
        if not PUBLIC.has_perm("consultation.view_approval", found):
            found = None
    decisions: list[CouncilDecision] = []
    for decision in summary.get("decisions", []):
        decision.plan = plan
        if PUBLIC.has_perm("consultation.view_approval", decision):
            decisions.append(decision)
    return {"approval": found, "decisions": decisions, "version": summary.get("version")}


# --- monitoring -----------------------------------------------------------------------------


def monitored_plan(*, id: str) -> PublicPlan | None:
    """A public medium-term plan whose monitoring the public may read."""
    found = plan(id=id, content=False)
    if found is None or found.plan.kind != Plan.Kind.MEDIUM_TERM:
        return None
    if not PUBLIC.has_perm("monitoring.view_dashboard", found.plan):
        return None
    return found


def periods(*, plan: Plan) -> list[MonitoringPeriod]:
    """Approved periods of the plan (the public dashboard's), each checked by the rule."""
    found = monitoring.periods_of_plan(plan=plan, approved_only=True)
    for period in found:
        period.action_plan.process = plan.process
    return [p for p in found if PUBLIC.has_perm("monitoring.view_period", p)]


def period(*, plan: Plan, year: str) -> MonitoringPeriod | None:
    if not (is_digits(year)) or len(year) != 4:
        return None
    for found in periods(plan=plan):
        if found.year == int(year):
            return found
    return None


def period_state(*, period: MonitoringPeriod):
    """The rolled-up state of an approved period, as its public page shows it."""
    return monitoring.period_state(period=period, approved_only=True)


def evaluation(*, plan: Plan) -> Evaluation | None:
    """The completed evaluation of the plan (the public reads no other)."""
    found = monitoring.evaluation_of(plan=plan)
    if found is None:
        return None
    found.plan = plan
    return found if PUBLIC.has_perm("monitoring.view_evaluation", found) else None


def evaluation_summary(*, plan: Plan):
    return monitoring.evaluation_summary(plan=plan)
