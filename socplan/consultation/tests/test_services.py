import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from socplan.consultation import selectors, services
from socplan.consultation.models import Comment, CouncilDecision, PlanApproval, Resolution, Round
from socplan.core.models import AuditEvent
from socplan.planning import services as planning_services
from socplan.planning.models import Measure, Plan, PlanVersion
from socplan.planning.tests.builders import make_plan

from .builders import CLOSES, HEARING, OPENS, enter, make_round, part_value

pytestmark = pytest.mark.django_db


# --- the round and its dates -------------------------------------------------------------


def test_opening_a_round_makes_the_draft_public_and_keeps_the_text_commented(process, coordinator):
    round_ = make_round(process, actor=coordinator)
    plan = round_.plan
    assert plan.status == Plan.Status.CONSULTATION
    assert round_.plan_version == 1
    assert round_.draft is not None and round_.draft.status == Plan.Status.CONSULTATION
    assert AuditEvent.objects.filter(action="consultation_round.opened").count() == 1


def test_a_round_cannot_close_before_it_opens_nor_hold_the_hearing_outside(process):
    plan = make_plan(process)
    with pytest.raises(ValidationError) as info:
        services.round_open(actor=None, plan=plan, title="X", opens_on=CLOSES, closes_on=OPENS)
    assert "closes_on" in info.value.error_dict
    with pytest.raises(ValidationError) as info:
        services.round_open(
            actor=None,
            plan=plan,
            title="X",
            opens_on=OPENS,
            closes_on=CLOSES,
            hearing_on=datetime.date(2018, 11, 5),
        )
    assert "hearing_on" in info.value.error_dict
    assert not Round.objects.exists()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT  # nothing changed


def test_the_round_state_follows_its_dates_and_short_periods_are_warned(process):
    round_ = make_round(process)
    assert round_.state_on(OPENS - datetime.timedelta(days=1)) == Round.State.PLANNED
    assert round_.state_on(OPENS) == Round.State.OPEN
    assert round_.state_on(CLOSES) == Round.State.OPEN
    assert round_.state_on(CLOSES + datetime.timedelta(days=1)) == Round.State.CLOSED
    assert round_.date_warnings == []  # 15 days before and after the hearing
    round_.hearing_on = datetime.date(2018, 10, 5)
    assert len(round_.date_warnings) == 1


def test_an_approved_plan_gets_a_round_only_through_an_amendment(process):
    plan = make_plan(process, status=Plan.Status.APPROVED)
    with pytest.raises(ValidationError):
        make_round(process, plan=plan)
    planning_services.plan_amendment_start(actor=None, plan=plan, reason="Nová služba")
    round_ = make_round(process, plan=plan)
    assert round_.plan_version == 2


# --- comments ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("plan", ""),
        ("chapter", "vision"),
        ("priority", "1"),
        ("measure", "1.2"),
        ("activity", "2.1.1"),
    ],
)
def test_a_comment_on_each_part_of_the_plan(process, kind, key):
    round_ = make_round(process, open_today=True)
    comment = services.comment_submit(
        round=round_,
        part=part_value(round_, kind, key),
        text="Připomínka k části plánu",
        quote="citace" if kind != "plan" else "",
        author_name="Jan Novák",
        publish_name=True,
        email="jan@example.org",
    )
    assert comment.part == kind
    if kind in ("priority", "measure", "activity"):
        linked = getattr(comment, kind)
        assert linked is not None and linked.code == key
    assert comment.part_label
    assert comment.counts is False


def test_a_comment_counts_only_after_the_email_is_confirmed(
    process, django_capture_on_commit_callbacks
):
    round_ = make_round(process, open_today=True)
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_submit(
            round=round_,
            part="plan",
            text="Chybí shrnutí",
            email="jan@example.org",
        )
    assert comment.number is None and not comment.counts
    assert selectors.public_comments(round=round_).count() == 0
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "/potvrdit/" in body
    token = body.split("/potvrdit/")[1].split("/")[0]
    assert services.comment_confirm(round=round_, token="wrong") is None
    confirmed = services.comment_confirm(round=round_, token=token)
    assert confirmed.pk == comment.pk and confirmed.number == 1 and confirmed.counts
    assert services.comment_confirm(round=round_, token=token) is None  # used up
    assert selectors.public_comments(round=round_).count() == 1


def test_without_an_email_a_comment_needs_the_round_to_allow_anonymity(process):
    round_ = make_round(process, open_today=True)
    with pytest.raises(ValidationError) as info:
        services.comment_submit(round=round_, part="plan", text="Anonymně")
    assert "email" in info.value.error_dict
    round_ = services.round_update(actor=None, round=round_, allow_anonymous=True)
    comment = services.comment_submit(round=round_, part="plan", text="Anonymně")
    assert comment.counts and comment.number == 1
    assert comment.public_author == "not named"


def test_comments_are_taken_only_while_the_round_is_open(process):
    round_ = make_round(process)  # October 2018
    with pytest.raises(ValidationError) as info:
        services.comment_submit(round=round_, part="plan", text="Pozdě", email="a@example.org")
    assert info.value.code == "round_closed"
    assert not Comment.objects.exists()


def test_staff_enter_a_comment_from_the_hearing_with_its_channel_and_date(process, coordinator):
    round_ = make_round(process)
    comment = enter(round_, actor=coordinator, received_on=HEARING)
    assert comment.counts and comment.channel == Comment.Channel.HEARING
    assert comment.entered_by == coordinator and comment.received_on == HEARING
    with pytest.raises(ValidationError) as info:
        enter(round_, received_on=datetime.date(2018, 11, 2))  # after the round
    assert "received_on" in info.value.error_dict
    assert [c.number for c in selectors.counted_comments(round=round_)] == [1]


def test_a_named_commenter_is_named_and_the_others_are_not(process):
    round_ = make_round(process)
    named = enter(round_, author_name="Jana Veselá", organisation="Charita", publish_name=True)
    unnamed = enter(round_, author_name="Jan Tajný", publish_name=False)
    rows = selectors.resolution_table(round=round_)
    assert [r.author for r in rows] == ["Jana Veselá, Charita", "not named"]
    assert named.public_author != unnamed.public_author


def test_a_hidden_comment_stays_hidden_from_the_public(process, coordinator):
    round_ = make_round(process)
    comment = enter(round_, text="Urážlivý text s rodným číslem")
    with pytest.raises(ValidationError):
        services.comment_hide(actor=coordinator, comment=comment, reason=" ")
    services.comment_hide(actor=coordinator, comment=comment, reason="Osobní údaje")
    assert selectors.resolution_table(round=round_) == []
    internal = selectors.resolution_table(round=round_, public=False)
    assert internal[0].hidden and internal[0].text == "Urážlivý text s rodným číslem"
    comment.refresh_from_db()
    assert comment.hidden_by == coordinator and comment.hidden_reason == "Osobní údaje"
    services.comment_show(actor=coordinator, comment=comment)
    assert len(selectors.resolution_table(round=round_)) == 1


# --- resolutions -------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", Resolution.Outcome.values)
def test_every_kind_of_resolution(process, coordinator, outcome):
    round_ = make_round(process)
    comment = enter(round_)
    resolution = services.comment_resolve(
        actor=coordinator, comment=comment, outcome=outcome, reasoning="Zdůvodnění"
    )
    assert resolution.outcome == outcome
    assert resolution.decided_by == coordinator
    assert resolution.decided_by_name == "Koordinátorka Nováková"
    assert resolution.decided_on == datetime.date.today()
    row = selectors.resolution_table(round=round_)[0]
    assert row.outcome == Resolution.Outcome(outcome).label and row.reasoning == "Zdůvodnění"


def test_a_resolution_needs_its_reasoning_and_a_counted_comment(process, coordinator):
    round_ = make_round(process, open_today=True)
    comment = enter(round_)
    with pytest.raises(ValidationError) as info:
        services.comment_resolve(
            actor=coordinator, comment=comment, outcome="accepted", reasoning=""
        )
    assert "reasoning" in info.value.error_dict
    unconfirmed = services.comment_submit(
        round=round_, part="plan", text="Neověřená", email="x@example.org"
    )
    with pytest.raises(ValidationError):
        services.comment_resolve(
            actor=coordinator, comment=unconfirmed, outcome="accepted", reasoning="Ano"
        )
    assert not Resolution.objects.exists()


def test_a_resolution_links_the_change_in_the_next_version(process, coordinator):
    round_ = make_round(process)
    comment = enter(round_, kind="measure", key="1.2")
    measure = Measure.objects.get(priority__plan=round_.plan, code="1.2")
    planning_services.measure_update(
        actor=coordinator, measure=measure, title="Odlehčovací služba od 2019"
    )
    changed = round_.plan.versions.order_by("-revision").first()
    services.comment_resolve(
        actor=coordinator,
        comment=comment,
        outcome="accepted",
        reasoning="Přijato",
        change="Termín posunut",
        change_version=changed,
    )
    from socplan.consultation.views import compare_url

    row = selectors.resolution_table(round=round_, compare_url=compare_url)[0]
    assert row.change == "Termín posunut"
    assert (
        f"a={round_.draft.revision}" in row.change_url and f"b={changed.revision}" in row.change_url
    )
    other = make_plan(process)
    with pytest.raises(ValidationError):
        services.comment_resolve(
            actor=coordinator,
            comment=comment,
            outcome="accepted",
            reasoning="Přijato",
            change_version=other.versions.first(),
        )


def test_the_commenter_is_told_after_the_commit_once(
    process, coordinator, django_capture_on_commit_callbacks
):
    round_ = make_round(process)
    comment = enter(round_, email="jana@example.org")
    silent = enter(round_, email="")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.comment_resolve(
            actor=coordinator, comment=comment, outcome="partly", reasoning="Částečně"
        )
        assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jana@example.org"]
    assert "Částečně" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_resolve(
            actor=coordinator, comment=comment, outcome="accepted", reasoning="Nakonec ano"
        )
        services.comment_resolve(
            actor=coordinator, comment=silent, outcome="explained", reasoning="Vysvětleno"
        )
    assert len(mail.outbox) == 1  # told once; nobody to tell for the other


def test_a_rolled_back_resolution_sends_nothing(
    process, coordinator, django_capture_on_commit_callbacks
):
    from django.db import transaction

    round_ = make_round(process)
    comment = enter(round_)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.comment_resolve(
            actor=coordinator, comment=comment, outcome="accepted", reasoning="Ano"
        )
        raise RuntimeError
    assert mail.outbox == []
    assert not Resolution.objects.exists()


def test_many_comments_are_resolved_at_once_from_a_template(process, coordinator):
    round_ = make_round(process)
    comments = [enter(round_, text=f"Připomínka {i}") for i in range(3)]
    template = services.answer_template_save(
        actor=coordinator,
        process=process,
        title="Mimo rozsah plánu",
        outcome="not_accepted",
        text="Připomínka se netýká plánu sociálních služeb.",
    )
    count = services.comments_resolve(
        actor=coordinator, comments=comments[:2], outcome=template.outcome, reasoning=template.text
    )
    assert count == 2
    assert Resolution.objects.filter(outcome="not_accepted").count() == 2
    assert selectors.unresolved_comments(plan=round_.plan).get() == comments[2]
    with pytest.raises(ValidationError):
        services.comments_resolve(actor=coordinator, comments=[], outcome="accepted", reasoning="x")


def test_comments_are_assigned_to_working_groups(process, coordinator):
    from socplan.planning.tests.builders import make_group

    round_ = make_round(process)
    group = make_group(process)
    comments = [enter(round_), enter(round_)]
    services.comments_assign(actor=coordinator, comments=comments, group=group)
    assert set(Comment.objects.values_list("working_group", flat=True)) == {group.pk}
    assert selectors.staff_comments(round=round_, filters={"group": group.pk}).count() == 2


# --- approval ----------------------------------------------------------------------------


def _resolved_round(process, coordinator):
    round_ = make_round(process)
    comment = enter(round_)
    services.comment_resolve(
        actor=coordinator, comment=comment, outcome="accepted", reasoning="Ano"
    )
    return round_


def test_no_approval_with_unresolved_comments_unless_the_reason_is_recorded(process, coordinator):
    round_ = make_round(process)
    enter(round_)
    plan = round_.plan
    with pytest.raises(ValidationError) as info:
        services.plan_approve(
            actor=coordinator,
            plan=plan,
            approved_on=datetime.date(2018, 12, 10),
            resolution="ZM 12/2018",
        )
    assert "unresolved_reason" in info.value.error_dict
    plan.refresh_from_db()
    assert plan.status == Plan.Status.CONSULTATION and not PlanApproval.objects.exists()
    approval = services.plan_approve(
        actor=coordinator,
        plan=plan,
        approved_on=datetime.date(2018, 12, 10),
        resolution="ZM 12/2018",
        unresolved_reason="Připomínka přišla od anonymního autora bez kontaktu.",
    )
    assert approval.unresolved_reason.startswith("Připomínka přišla")
    assert plan.status == Plan.Status.APPROVED


def test_no_approval_while_a_round_takes_comments(process, coordinator):
    round_ = make_round(process, open_today=True)
    with pytest.raises(ValidationError) as info:
        services.plan_approve(
            actor=coordinator,
            plan=round_.plan,
            approved_on=datetime.date.today(),
            resolution="ZM 1",
        )
    assert info.value.code == "round_open"


def test_approving_needs_the_date_and_resolution(process, coordinator):
    plan = make_plan(process)
    with pytest.raises(ValidationError) as info:
        services.plan_approve(actor=coordinator, plan=plan, approved_on=None, resolution=" ")
    assert set(info.value.error_dict) == {"approved_on", "resolution"}


def test_the_approved_version_is_frozen_with_a_checksum_and_put_in_force(process, coordinator):
    round_ = _resolved_round(process, coordinator)
    plan = round_.plan
    approval = services.plan_approve(
        actor=coordinator,
        plan=plan,
        approved_on=datetime.date(2018, 12, 10),
        resolution="ZM 12/2018",
    )
    assert plan.is_frozen
    approved = plan.versions.get(kind=PlanVersion.Kind.APPROVED)
    assert approval.approved_version == approved
    assert approval.content_checksum == services.snapshot_checksum(approved.snapshot)
    assert len(approval.content_checksum) == 64
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    with pytest.raises(planning_services.PlanFrozen):
        planning_services.measure_update(actor=coordinator, measure=measure, title="Změna")
    with pytest.raises(ValidationError):
        services.plan_approve(
            actor=coordinator, plan=plan, approved_on=datetime.date(2019, 1, 1), resolution="X"
        )
    services.plan_put_in_force(
        actor=coordinator, plan=plan, in_force_from=datetime.date(2019, 1, 1)
    )
    assert plan.status == Plan.Status.IN_FORCE
    assert PlanApproval.objects.get().in_force_from == datetime.date(2019, 1, 1)
    # the document's checksum is kept once
    assert services.approval_document_checksum_record(plan=plan, checksum="a" * 64)
    assert not services.approval_document_checksum_record(plan=plan, checksum="b" * 64)
    # an amendment starts a new version, approved again later
    planning_services.plan_amendment_start(actor=coordinator, plan=plan, reason="Nová služba")
    assert selectors.plan_approval(plan=plan) is None
    assert selectors.plan_last_approval(plan=plan).version == 1


def test_the_councils_decide_and_the_progress_is_counted(process, coordinator):
    plan = make_plan(process)
    added = services.decisions_prepare(actor=coordinator, plan=plan)
    municipalities = process.planning_area.municipalities.count()
    assert added == municipalities
    assert services.decisions_prepare(actor=coordinator, plan=plan) == 0
    board = services.decision_add(
        actor=coordinator, plan=plan, body=CouncilDecision.Body.MAS_BOARD, body_name="Rada MAS"
    )
    decisions = selectors.decisions(plan=plan)
    assert len(decisions) == municipalities + 1
    with pytest.raises(ValidationError) as info:
        services.decision_record(actor=coordinator, decision=board, value="approved")
    assert set(info.value.error_dict) == {"decided_on", "resolution_number"}
    services.decision_record(
        actor=coordinator,
        decision=board,
        value="approved",
        resolution_number="RMAS 3/2018",
        decided_on=datetime.date(2018, 12, 1),
        is_lead=True,
    )
    progress = selectors.decision_progress(selectors.decisions(plan=plan))
    assert (progress.done, progress.total, progress.pending) == (
        1,
        municipalities + 1,
        municipalities,
    )
    assert progress.label == f"1 of {municipalities + 1} approved or took note"
