"""The arithmetic of the roll-ups, without the database."""

from decimal import Decimal

import pytest

from socplan.monitoring import rollup


def test_it_derives_progress_from_the_state_unless_given():
    assert rollup.activity_progress("done", None) == 100
    assert rollup.activity_progress("in_progress", None) == 50
    assert rollup.activity_progress("in_progress", 30) == 30
    assert rollup.activity_progress("planned", None) == 0
    assert rollup.activity_progress("not_done", None) == 0


def test_it_leaves_cancelled_activities_out():
    assert rollup.activity_progress("cancelled", 80) is None
    # done (100) and a cancelled one: the cancelled one neither helps nor hurts
    assert rollup.weighted_mean([(100.0, None), (None, None)]) == 100
    assert rollup.weighted_mean([(None, None), (None, 2)]) is None


def test_it_weighs_the_roll_up():
    assert rollup.weighted_mean([(100.0, None), (0.0, None)]) == 50  # equal by default
    assert rollup.weighted_mean([(100.0, 3), (0.0, 1)]) == 75
    assert rollup.weighted_mean([(100.0, Decimal("0")), (20.0, 1)]) == 20  # weight 0: out
    assert rollup.weighted_mean([(100.0, 0)]) is None


@pytest.mark.parametrize(
    ("progress", "light"),
    [(100, "on_track"), (80, "on_track"), (79.9, "at_risk"), (50, "at_risk"), (10, "off_track")],
)
def test_it_lights_by_progress(progress, light):
    assert rollup.light_for(progress) == light
    assert rollup.light_for(None) is None


def test_cumulative_indicators_add_up_and_levels_take_the_last_value():
    values = {2019: Decimal(5), 2020: Decimal(8), 2021: Decimal(3)}
    assert rollup.value_to_date(values, 2020, "cumulative") == 13
    assert rollup.value_to_date(values, 2021, "cumulative") == 16
    assert rollup.value_to_date(values, 2020, "level") == 8
    assert rollup.value_to_date(values, 2021, "level") == 3
    # a missing year: the level stays at the last value known
    assert rollup.value_to_date({2019: Decimal(7)}, 2021, "level") == 7
    assert rollup.value_to_date({}, 2021, "level") is None


def test_targets_to_date_follow_the_kind_of_indicator():
    targets = {"2019": "10", "2020": "12", "2021": "14"}
    assert rollup.target_to_date(targets, 2020, "cumulative") == 22
    assert rollup.final_target(targets, "cumulative") == 36
    assert rollup.target_to_date(targets, 2020, "level") == 12
    assert rollup.final_target(targets, "level") == 14
    assert rollup.target_to_date({"2021": "5"}, 2019, "level") is None


def test_achievement_of_a_level_counts_the_way_from_the_baseline():
    args = {"baseline": Decimal(100), "aggregation": "level"}
    assert rollup.achievement(actual=Decimal(150), target=Decimal(200), **args) == 50
    # less is better: from 100 down to 60, now at 80
    assert rollup.achievement(actual=Decimal(80), target=Decimal(60), **args) == 50
    assert rollup.achievement(actual=None, target=Decimal(60), **args) is None
    cumulative = {"baseline": Decimal(0), "aggregation": "cumulative"}
    assert rollup.achievement(actual=Decimal(27), target=Decimal(36), **cumulative) == 75


def test_money_execution():
    money = rollup.Money(planned=Decimal(200), actual=Decimal(150))
    assert money.execution == 75
    assert money.difference == -50
    assert rollup.Money(actual=Decimal(10)).execution is None
