"""A round on another document of the process than the plan: a SWOT. One comments on the
whole SWOT, a quadrant or an item; the resolution table works the same; the round is public
with the process and does not hold up the approval of the plan, nor go into its annex."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from socplan import testing
from socplan.analysis import services as analysis_services
from socplan.analysis.models import Quadrant
from socplan.consultation import selectors, services
from socplan.consultation.models import Comment, PlanApproval
from socplan.planning.models import Plan
from socplan.planning.tests.builders import make_plan

from .builders import CLOSES, OPENS, enter

pytestmark = pytest.mark.django_db


@pytest.fixture
def swot(process):
    def add(quadrant, text):
        return analysis_services.swot_item_add(
            actor=None, process=process, group=None, quadrant=quadrant, text=text
        )

    first = add(Quadrant.WEAKNESS, "Chybí odlehčovací služba")
    duplicate = add(Quadrant.WEAKNESS, "Není odlehčovací služba")
    add(Quadrant.STRENGTH, "Silná síť pečovatelské služby")
    analysis_services.swot_items_merge(actor=None, target=first, items=[duplicate])
    return first.swot


def _open(process, swot, **extra):
    return services.round_open(
        actor=None,
        plan=make_plan(process),
        title="Připomínky k SWOT",
        swot=swot,
        **{"opens_on": OPENS, "closes_on": CLOSES, **extra},
    )


def test_a_round_on_the_swot_reads_by_quadrant_and_item_and_leaves_the_plan_as_it_is(process, swot):
    round_ = _open(process, swot)
    assert round_.is_on_swot and round_.draft is None
    assert round_.plan.status == Plan.Status.DRAFT  # not made public by a SWOT round
    parts = selectors.draft_parts(round=round_)
    kinds = [p.kind for p in parts]
    assert kinds[0] == Comment.Part.SWOT and kinds.count(Comment.Part.QUADRANT) == 4
    items = [p for p in parts if p.kind == Comment.Part.SWOT_ITEM]
    # the merged duplicate is read in the item it was merged into
    assert [p.text for p in items] == [
        "Silná síť pečovatelské služby",
        "Chybí odlehčovací služba",
    ]
    assert items[1].label == "Weaknesses 1: Chybí odlehčovací služba"


def test_a_swot_of_another_process_is_refused(process, area):
    other_process = testing.make_process(area=area, slug="jiny-proces")
    other_swot = analysis_services.swot_get_or_create(process=other_process)
    with pytest.raises(ValidationError) as info:
        _open(process, other_swot)
    assert "swot" in info.value.error_dict


def test_comments_on_the_swot_are_resolved_into_the_same_table(process, swot, coordinator):
    round_ = _open(process, swot)
    item = swot.items.get(text="Chybí odlehčovací služba")
    on_item = enter(round_, text="Doplňte počet čekatelů.", kind="swot_item", key=str(item.pk))
    on_quadrant = enter(round_, text="Hrozby jsou prázdné.", kind="quadrant", key="threat")
    on_whole = enter(round_, text="SWOT je stručná.", kind="swot", key="")
    assert on_item.swot_item == item and on_item.part == Comment.Part.SWOT_ITEM
    assert on_quadrant.part_key == "threat" and on_quadrant.part_label == "Threats"
    assert on_whole.part_label == "The whole SWOT"
    for comment, outcome in ((on_item, "accepted"), (on_quadrant, "explained")):
        services.comment_resolve(
            actor=coordinator, comment=comment, outcome=outcome, reasoning="Projednáno."
        )
    rows = selectors.resolution_table(round=round_)
    assert [r.part for r in rows] == [
        "Weaknesses 1: Chybí odlehčovací služba",
        "Threats",
        "The whole SWOT",
    ]
    assert rows[0].outcome == "accepted" and rows[2].outcome == "not resolved yet"


def test_swot_comments_do_not_hold_up_the_plan_nor_go_into_its_annex(process, swot, coordinator):
    round_ = _open(process, swot, closes_on=datetime.date.today() + datetime.timedelta(days=3))
    enter(round_, text="Nevypořádaná připomínka k SWOT", kind="swot", key="")
    plan = round_.plan
    assert not selectors.unresolved_comments(plan=plan).exists()
    assert selectors.table_rounds(plan=plan) == []
    # an open SWOT round does not stop the approval either
    services.plan_approve(
        actor=coordinator, plan=plan, approved_on=datetime.date.today(), resolution="RM 1/2019"
    )
    assert PlanApproval.objects.filter(plan=plan).exists()


def test_the_swot_round_is_public_with_the_process_and_takes_comments(process, swot, client):
    today = datetime.date.today()
    round_ = _open(
        process,
        swot,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=20),
        allow_anonymous=True,
    )
    assert round_.plan.status == Plan.Status.DRAFT
    page = client.get(round_.get_absolute_url())
    text = page.content.decode()
    assert page.status_code == 200
    assert "Chybí odlehčovací služba" in text and "?part=swot_item%3A" in text
    process_page = client.get(process.get_absolute_url()).content.decode()
    assert round_.get_absolute_url() in process_page and "SWOT: whole process" in process_page
    form_url = reverse("consultation:comment_form", kwargs={"slug": process.slug, "pk": round_.pk})
    form = client.get(form_url + "?part=quadrant%3Athreat")
    assert form.status_code == 200
    assert "Part of the SWOT" in form.content.decode()
    assert "published with the SWOT" in form.content.decode()


def test_the_coordinator_opens_a_round_on_the_swot_from_the_form(
    process, swot, coordinator, client
):
    plan = make_plan(process)
    client.force_login(coordinator)
    url = reverse("consultation:round_create", kwargs={"slug": process.slug, "plan_pk": plan.pk})
    form = client.get(url).content.decode()
    assert "SWOT: whole process" in form
    response = client.post(
        url,
        {
            "swot": swot.pk,
            "title": "SWOT k připomínkám",
            "opens_on": "2018-10-01",
            "closes_on": "2018-10-31",
        },
    )
    assert response.status_code == 302
    round_ = plan.consultation_rounds.get()
    assert round_.swot == swot
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT
    # the subject stays what it was opened on
    edit = reverse(
        "consultation:round_edit",
        kwargs={"slug": process.slug, "plan_pk": plan.pk, "pk": round_.pk},
    )
    client.post(
        edit, {"swot": "", "title": "SWOT", "opens_on": "2018-10-01", "closes_on": "2018-10-31"}
    )
    round_.refresh_from_db()
    assert round_.swot == swot and round_.title == "SWOT"


def test_a_swot_round_of_an_unpublished_process_stays_internal(unpublished_process, client):
    swot = analysis_services.swot_get_or_create(process=unpublished_process)
    round_ = _open(unpublished_process, swot)
    assert client.get(round_.get_absolute_url()).status_code in (302, 404)


def test_a_swot_with_a_round_is_kept_but_goes_with_its_process(process, swot):
    from django.db.models import RestrictedError

    round_ = _open(process, swot)
    with pytest.raises(RestrictedError):
        swot.delete()
    process.delete()
    assert not type(round_).objects.filter(pk=round_.pk).exists()
