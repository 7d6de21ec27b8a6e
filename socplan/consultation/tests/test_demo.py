import pytest
from django.urls import reverse

from socplan.consultation.models import Comment, CouncilDecision, PlanApproval, Round
from socplan.consultation.selectors import decision_progress, decisions, unresolved_comments
from socplan.core.demo import load_demo
from socplan.planning.models import Plan

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_finished_round_approvals_and_the_plan_in_force(shared_demo, client):
    plan = Plan.objects.get(kind=Plan.Kind.MEDIUM_TERM, is_demo=True)
    assert plan.status == Plan.Status.IN_FORCE
    round_ = Round.objects.get(plan=plan, is_demo=True)
    comments = Comment.objects.filter(round=round_)
    assert 20 <= comments.count() <= 30
    assert set(comments.values_list("channel", flat=True)) >= {"web", "hearing"}
    assert all(c.counts for c in comments)
    assert not unresolved_comments(plan=plan).exists()
    assert {c.resolution.outcome for c in comments} == {
        "accepted",
        "partly",
        "not_accepted",
        "explained",
    }
    assert comments.filter(resolution__change_version__isnull=False).count() >= 3
    bodies = decisions(plan=plan)
    assert len(bodies) == 25
    lead = [d for d in bodies if d.is_lead]
    assert [d.municipality.name for d in lead] == ["Humpolec"]
    assert lead[0].decision == CouncilDecision.Decision.APPROVED
    progress = decision_progress(bodies)
    assert progress.done == 25 and progress.took_note > 0 and progress.approved > 1
    approval = PlanApproval.objects.get(plan=plan)
    assert approval.in_force_from is not None and len(approval.content_checksum) == 64
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "25 of 25 approved or took note" in page
    table = client.get(
        reverse(
            "consultation:resolution_table", kwargs={"slug": plan.process.slug, "pk": round_.pk}
        )
    )
    assert table.status_code == 200 and "Víkendová pečovatelská služba" in table.content.decode()
    process_page = client.get(plan.process.get_absolute_url()).content.decode()
    assert round_.title in process_page


def test_the_resolution_table_is_a_public_document_and_the_demo_loads_once(shared_demo):
    from socplan.library.models import Document

    document = Document.objects.get(title__startswith="Vypořádání připomínek", is_demo=True)
    assert document.is_public
    report = load_demo()
    assert "comment" not in report.created and "consultation round" not in report.created
    assert Comment.objects.filter(is_demo=True).count() == 25
