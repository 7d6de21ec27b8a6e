"""SWOT: items, ratings, order by rating, merging duplicates, approval, taking items over."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from socplan.analysis import selectors, services
from socplan.analysis.models import SwotItem, SwotRating
from socplan.core.models import AuditEvent

from .helpers import make_group, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(process):
    return make_group(process)


@pytest.fixture
def people(group):
    return [make_member(group, name) for name in ("Anna", "Bedřich", "Cyril")]


def _add(process, group, text, quadrant="weakness"):
    return services.swot_item_add(
        actor=None, process=process, group=group, quadrant=quadrant, text=text
    )


def _rates(item, people, scores):
    for person, score in zip(people, scores, strict=True):
        services.swot_rate(actor=None, item=item, person=person, score=score)


def test_it_orders_items_by_their_average_rating(process, group, people):
    low = _add(process, group, "Málo informací")
    high = _add(process, group, "Chybí odlehčovací služba")
    unrated = _add(process, group, "Drahá doprava")
    _rates(low, people, [2, 3, 1])
    _rates(high, people, [5, 4, 5])
    board = selectors.swot_board(swot=high.swot, person=people[0])
    weaknesses = {value: items for value, _label, items in board.quadrants}["weakness"]
    assert [r.item for r in weaknesses] == [high, low, unrated]
    assert weaknesses[0].average == pytest.approx(14 / 3)
    assert weaknesses[0].count == 3 and weaknesses[0].mine == 5
    assert weaknesses[2].average is None and weaknesses[2].average_label == "–"


def test_a_rating_is_changed_and_taken_back(process, group, people):
    item = _add(process, group, "Chybí dluhová poradna")
    services.swot_rate(actor=None, item=item, person=people[0], score=2)
    services.swot_rate(actor=None, item=item, person=people[0], score=4)
    assert list(SwotRating.objects.filter(item=item).values_list("score", flat=True)) == [4]
    services.swot_rate(actor=None, item=item, person=people[0], score=None)
    assert not SwotRating.objects.filter(item=item).exists()


def test_only_current_members_of_the_group_rate(process, group, people):
    item = _add(process, group, "Chybí dluhová poradna")
    other_group = make_group(process, name="Zaměstnanost", slug="zam")
    outsider = make_member(other_group, "Ota Cizí")
    former = make_member(group, "Bývalá", end=datetime.date(2018, 12, 31))
    for person in (outsider, former):
        with pytest.raises(ValidationError):
            services.swot_rate(actor=None, item=item, person=person, score=3)
    with pytest.raises(ValidationError):
        services.swot_rate(actor=None, item=item, person=people[0], score=6)
    assert not SwotRating.objects.exists()


def test_merging_duplicates_moves_their_ratings_and_counts_a_person_once(process, group, people):
    target = _add(process, group, "Pečovatelská služba nejezdí o víkendech")
    duplicate = _add(process, group, "Chybí víkendová péče")
    _rates(target, people[:2], [3, 2])  # Anna 3, Bedřich 2
    _rates(duplicate, people[1:], [5, 4])  # Bedřich 5, Cyril 4
    services.swot_items_merge(
        actor=None, target=target, items=[duplicate], text="Chybí víkendová pečovatelská služba"
    )
    duplicate.refresh_from_db()
    target.refresh_from_db()
    assert duplicate.merged_into == target
    assert target.text == "Chybí víkendová pečovatelská služba"
    scores = dict(SwotRating.objects.filter(item=target).values_list("person__name", "score"))
    assert scores == {"Anna": 3, "Bedřich": 5, "Cyril": 4}
    assert not SwotRating.objects.filter(item=duplicate).exists()
    board = selectors.swot_board(swot=target.swot)
    weaknesses = {v: items for v, _l, items in board.quadrants}["weakness"]
    assert [r.item for r in weaknesses] == [target]
    assert weaknesses[0].merged == [duplicate] and weaknesses[0].average == 4
    # a merged item is rated through the one it was merged into
    with pytest.raises(ValidationError):
        services.swot_rate(actor=None, item=duplicate, person=people[0], score=1)
    assert AuditEvent.objects.filter(action="swot_item.merged").count() == 1


def test_merging_into_another_swot_or_nothing_is_refused(process, group, people):
    target = _add(process, group, "A")
    other = _add(process, make_group(process, name="Jiná", slug="jina"), "B")
    with pytest.raises(ValidationError):
        services.swot_items_merge(actor=None, target=target, items=[other])
    with pytest.raises(ValidationError):
        services.swot_items_merge(actor=None, target=target, items=[target])
    other.refresh_from_db()
    assert other.merged_into is None


def test_an_approved_swot_is_frozen_until_reopened(process, group, people, coordinator):
    item = _add(process, group, "Silná spolupráce obcí", quadrant="strength")
    swot = item.swot
    services.swot_approve(actor=coordinator, swot=swot, note="Jednání 5. 3. 2018")
    assert swot.is_approved and swot.approved_by == coordinator
    with pytest.raises(ValidationError):
        _add(process, group, "Pozdě")
    with pytest.raises(ValidationError):
        services.swot_rate(actor=None, item=item, person=people[0], score=5)
    with pytest.raises(ValidationError):
        services.swot_item_update(actor=None, item=item, quadrant="strength", text="Jinak")
    services.swot_reopen(actor=coordinator, swot=swot)
    _add(process, group, "Teď už ano")
    assert SwotItem.objects.filter(swot=swot).count() == 2


def test_an_empty_swot_is_not_approved(process, group):
    swot = services.swot_get_or_create(process=process, group=group)
    with pytest.raises(ValidationError):
        services.swot_approve(actor=None, swot=swot)


def test_items_are_taken_into_the_swot_of_the_process_once(process, group, people):
    item = _add(process, group, "Chybí odlehčovací služba")
    first = services.swot_items_take_over(actor=None, process=process, items=[item])
    again = services.swot_items_take_over(actor=None, process=process, items=[item])
    assert len(first) == 1 and again == []
    copy = first[0]
    assert copy.swot.group is None and copy.taken_from == item and copy.text == item.text
    # members of any group of the process rate the process's SWOT
    services.swot_rate(actor=None, item=copy, person=people[0], score=4)
    assert copy.ratings.count() == 1


def test_bad_input_changes_nothing(process, group):
    for quadrant, text in (("strength", "  "), ("nonsense", "Text"), ("threat", "x" * 501)):
        with pytest.raises(ValidationError):
            _add(process, group, text, quadrant=quadrant)
    assert not SwotItem.objects.exists()
