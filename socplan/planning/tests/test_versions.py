"""Plan versions compared by the identity of priorities, measures and activities, not by
their position; every label of the comparison translated (Czech)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from socplan.planning import services
from socplan.planning.models import Activity, Measure, Priority
from socplan.planning.tests.builders import make_plan
from socplan.planning.versions import compare_snapshots, snapshot_lines, snapshot_tree

pytestmark = pytest.mark.django_db


def _latest(plan):
    return plan.versions.order_by("-revision").first().snapshot


def _changes(rows):
    return [row for row in rows if row.tag != "equal"]


def test_moving_two_measures_shows_two_moves(process):
    plan = make_plan(process)
    old = _latest(plan)
    second = Priority.objects.get(plan=plan, code="2")
    for title in ("Zachování pečovatelské služby", "Odlehčovací služba"):
        measure = Measure.objects.get(priority__plan=plan, title=title)
        services.measure_update(actor=None, measure=measure, priority=second)
    new = _latest(plan)
    # by position, everything after the first measure would have changed
    assert snapshot_lines(old) != snapshot_lines(new)
    with translation.override("cs"):
        changes = _changes(compare_snapshots(old, new))
    assert [row.tag for row in changes] == ["move", "move"]
    assert "Opatření 1.1: Zachování pečovatelské služby" in changes[0].left
    assert "Opatření 2.2: Zachování pečovatelské služby" in changes[0].right
    assert "přesunuto: dříve 1.1, nyní 2.2" in changes[0].right
    assert "přesunuto: dříve 1.2, nyní 2.3" in changes[1].right


def test_swapping_two_measures_is_one_move_and_renumbering_is_no_change(process):
    plan = make_plan(process)
    old = _latest(plan)
    services.measure_move(
        actor=None, measure=Measure.objects.get(priority__plan=plan, code="1.2"), direction="up"
    )
    changes = _changes(compare_snapshots(old, _latest(plan)))
    assert [row.tag for row in changes] == ["move"]


def test_a_moved_and_edited_measure_shows_the_move_and_the_edit(process):
    plan = make_plan(process)
    old = _latest(plan)
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    services.measure_update(
        actor=None,
        measure=measure,
        priority=Priority.objects.get(plan=plan, code="2"),
        description="Služba pro celé území.",
    )
    changes = _changes(compare_snapshots(old, _latest(plan)))
    assert [row.tag for row in changes] == ["move", "insert"]
    assert "Služba pro celé území." in changes[1].right


def test_added_and_deleted_activities_are_found_by_identity(process):
    plan = make_plan(process)
    old = _latest(plan)
    services.activity_delete(
        actor=None, activity=Activity.objects.get(measure__priority__plan=plan, code="1.2.1")
    )
    services.activity_create(
        actor=None,
        measure=Measure.objects.get(priority__plan=plan, code="2.1"),
        title="Poradna pro zaměstnavatele",
    )
    changes = _changes(compare_snapshots(old, _latest(plan)))
    deleted = [row for row in changes if row.tag == "delete"]
    inserted = [row for row in changes if row.tag == "insert"]
    assert deleted and all(row.tag in ("delete", "insert") for row in changes)
    assert "Příprava odlehčovací služby" in deleted[0].left
    assert [row for row in inserted if "Poradna pro zaměstnavatele" in row.right]


ENGLISH_LABELS = re.compile(
    r"\b(Title|Years|Priority|Measure|Activity|Description|Indicator|baseline|targets|Cost|"
    r"Status|planned|Expected outputs|Responsible|Type|Target groups|moved)\b"
)


def test_every_label_of_the_comparison_is_in_czech(process):
    plan = make_plan(process)
    old = _latest(plan)
    action = services.action_plan_create(actor=None, medium_term_plan=plan, year=2019)
    services.measure_move(
        actor=None, measure=Measure.objects.get(priority__plan=plan, code="1.2"), direction="up"
    )
    with translation.override("cs"):
        lines = snapshot_lines(_latest(plan)) + snapshot_lines(_latest(action))
        rows = compare_snapshots(old, _latest(plan))
    text = "\n".join(lines + [f"{row.left}\n{row.right}" for row in rows])
    assert not ENGLISH_LABELS.search(text), ENGLISH_LABELS.search(text).group(0)
    assert "Aktivita akčního plánu: 1.1.1 Provoz služby" in text
    assert "  Stav: plánovaná" in text  # the item's (aktivita) status, not "planned"
    assert "Náklad 2019 · obce: 1\xa0000\xa0000 Kč" in text
    assert "cílové hodnoty" in text and "přesunuto" in text


def test_an_old_snapshot_without_ids_is_compared_by_code(process):
    plan = make_plan(process)
    snapshot = _latest(plan)
    for priority in snapshot["priorities"]:
        priority.pop("id")
        for measure in priority["measures"]:
            measure.pop("id")
    keys = [node.key for node in snapshot_tree(snapshot).walk()]
    assert ("measure", "code:1.1") in keys
    assert not _changes(compare_snapshots(snapshot, snapshot))


def test_the_comparison_page_shows_the_moves(process, coordinator, client_for):
    plan = make_plan(process)
    services.measure_move(
        actor=None, measure=Measure.objects.get(priority__plan=plan, code="1.2"), direction="up"
    )
    revisions = list(plan.versions.order_by("-revision").values_list("revision", flat=True))
    page = client_for(coordinator).get(
        reverse("planning:version_compare", kwargs={"slug": process.slug, "pk": plan.pk}),
        {"a": revisions[1], "b": revisions[0]},
    )
    content = page.content.decode()
    assert 'class="diff-move"' in content
    assert "moved: was" in content
