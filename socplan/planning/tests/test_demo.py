import pytest

from socplan.core.demo import load_demo
from socplan.planning.models import Activity, Measure, Plan
from socplan.planning.selectors import plan_finance

pytestmark = pytest.mark.django_db


def test_the_demo_plan_is_realistic_and_loads_once(shared_demo):
    plan = Plan.objects.get(kind=Plan.Kind.MEDIUM_TERM, is_demo=True)
    assert plan.process.slug == "kpss-orp-humpolec"
    # consulted, approved by the councils and in force (see socplan.consultation.demo)
    assert (plan.year_start, plan.year_end, plan.status) == (2019, 2021, Plan.Status.IN_FORCE)
    assert "(demo)" in plan.title
    assert plan.priorities.count() == 4
    measures = Measure.objects.filter(priority__plan=plan)
    assert 14 <= measures.count() <= 17
    assert Activity.objects.filter(measure__priority__plan=plan).count() >= 30
    assert measures.filter(working_group__isnull=False).count() == measures.count()
    assert measures.filter(target_groups__isnull=False).distinct().count() >= 10
    assert measures.filter(services__isnull=False).distinct().count() >= 8
    assert all(m.indicators.exists() for m in measures)
    assert plan_finance(plan=plan).total > 0
    action = plan.action_plans.get(year=2019)
    assert action.items.count() >= 15
    assert plan_finance(plan=action).total > 0
    report = load_demo()
    assert "plan" not in report.created
    # the plan and its action plans (2019 here; the monitoring's demo adds 2020)
    assert Plan.objects.filter(is_demo=True, kind=Plan.Kind.MEDIUM_TERM).count() == 1
