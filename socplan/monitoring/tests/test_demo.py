import pytest

from socplan.core.demo import load_demo
from socplan.library.models import Document
from socplan.monitoring import selectors
from socplan.monitoring.models import Evaluation, MonitoringPeriod
from socplan.planning.models import Plan

pytestmark = pytest.mark.django_db


def test_the_demo_has_approved_monitoring_of_2019_and_2020(shared_demo):
    plan = Plan.objects.get(kind=Plan.Kind.MEDIUM_TERM, is_demo=True)
    periods = selectors.periods_of_plan(plan=plan, approved_only=True)
    assert [p.year for p in periods] == [2019, 2020]
    for period in periods:
        decision = period.council_note
        assert period.is_demo and decision.decided_on and decision.resolution_number
        assert decision.decision == "took_note"
        state = selectors.period_state(period=period)
        assert len(state.activities) >= 15
        assert 40 < state.progress < 95  # plausible, not all done
        counts = {code: n for code, _label, n in state.counts}
        assert counts["done"] > counts["not_done"] > 0
        assert 0 < state.cost_total.actual < state.cost_total.planned
        assert sum(1 for r in state.indicators if r.value is not None) >= 10
    # what was left in 2019 was carried over into 2020
    unfinished = set(
        plan.action_plans.get(year=2019)
        .items.filter(status__in=["planned", "in_progress", "not_done"])
        .values_list("activity_id", flat=True)
    )
    in_2020 = set(plan.action_plans.get(year=2020).items.values_list("activity_id", flat=True))
    assert unfinished and unfinished <= in_2020
    evaluation = Evaluation.objects.get(plan=plan)
    assert evaluation.status == "started" and evaluation.lessons and evaluation.is_demo
    report = Document.objects.get(title="Monitorovací zpráva akčního plánu 2019 (demo)")
    assert report.is_public and report.is_demo
    assert report.current_version.file.open("rb").read(4) == b"%PDF"
    again = load_demo()
    assert "monitoring period" not in again.created
    assert "monitoring report document" not in again.created
    assert MonitoringPeriod.objects.count() == 2
