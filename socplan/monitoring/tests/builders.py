"""Builders for the monitoring tests: the small plan of planning's tests (3 activities in
2019, indicators) with its action plan 2019 and the monitoring period of that year."""

import datetime

from socplan.monitoring import services
from socplan.monitoring.models import MonitoringPeriod
from socplan.planning import services as planning_services
from socplan.planning.models import ActionItem, Plan
from socplan.planning.tests.builders import make_plan


def make_period(process, *, actor=None, year=2019, plan=None, deadline=None) -> MonitoringPeriod:
    plan = plan or make_plan(process, actor=actor)
    action_plan = plan.action_plans.filter(year=year).first() or (
        planning_services.action_plan_create(actor=actor, medium_term_plan=plan, year=year)
    )
    return services.period_create(
        actor=actor, action_plan=action_plan, deadline=deadline or datetime.date(year + 1, 1, 31)
    )


def items(period: MonitoringPeriod) -> dict[str, ActionItem]:
    """The activities of the period's action plan by their code."""
    return {
        i.activity.code: i
        for i in ActionItem.objects.filter(plan=period.action_plan).select_related(
            "activity__measure__priority"
        )
    }


def approve(period: MonitoringPeriod, actor=None) -> MonitoringPeriod:
    services.period_submit(actor=actor, period=period)
    return services.period_approve(actor=actor, period=period)


def medium_term(period: MonitoringPeriod) -> Plan:
    return period.action_plan.medium_term_plan
