"""While an amendment of a plan is drafted, the kept monitoring report and the evaluation
document name the items as the approved version does (see socplan.monitoring.approved)."""

import pytest

from socplan.documents.monitoring import evaluation_context, report_cached
from socplan.documents.pdf import pdf_text
from socplan.monitoring import selectors
from socplan.monitoring.models import Evaluation
from socplan.monitoring.tests.test_approved import DRAFT, amended  # noqa: F401, F811 (fixture)

pytestmark = pytest.mark.django_db


def test_the_kept_report_and_the_evaluation_name_the_approved_version(amended):  # noqa: F811
    plan, approved = amended["plan"], amended["approved"]
    period = selectors.periods_of_plan(plan=plan, approved_only=True)[0]
    path, _name = report_cached(period=period, format="pdf", language="cs")
    text = " ".join(pdf_text(path.read_bytes()).split())
    assert DRAFT not in text
    assert approved["measure"].split()[0] in text
    context = evaluation_context(Evaluation.objects.get(plan=plan))
    assert context["plan"].title == approved["plan"]
    assert all(DRAFT not in activity.title for activity, _s, _y in context["summary"].activities)
    assert all(DRAFT not in row.indicator.name for row in context["summary"].indicators)
    assert context["summary"].indicators
    # nothing of it was saved
    plan.refresh_from_db()
    assert plan.title == f"{DRAFT} plán"
