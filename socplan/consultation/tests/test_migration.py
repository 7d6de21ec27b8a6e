"""Today's single approval date and number of a plan (planning.Plan.approved_on and
approval_resolution) move into consultation.PlanApproval with their data."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("planning", "0003_measure_findings"), ("consultation", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _before():
    """Planning and consultation before the move; every other app at its newest migration
    (so that the historical models have the columns the other apps' tables have now)."""
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    moved = {app for app, _ in BEFORE}
    return [node for node in leaves if node[0] not in moved] + BEFORE


@pytest.fixture
def back_to_newest():
    """The schema returns to the newest migrations even when the test fails half-way."""
    yield
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_approval_date_and_resolution_survive_the_move(back_to_newest):
    old = _migrate(_before())
    Area = old.get_model("territory", "PlanningArea")
    Process = old.get_model("organisation", "PlanningProcess")
    Plan = old.get_model("planning", "Plan")
    area = Area.objects.create(name="ORP Humpolec", slug="orp-humpolec", kind="orp")
    process = Process.objects.create(
        name="KPSS", slug="kpss", planning_area=area, period_start=2019, period_end=2021
    )
    approved = Plan.objects.create(
        process=process,
        kind="medium_term",
        title="Schválený plán",
        year_start=2019,
        year_end=2021,
        status="in_force",
        approved_on=datetime.date(2018, 12, 10),
        approval_resolution="ZM 12/2018/7",
    )
    old.get_model("planning", "PlanVersion").objects.create(
        plan=approved, revision=3, version=1, kind="approved", status="approved", snapshot={"a": 1}
    )
    Plan.objects.create(
        process=process, kind="medium_term", title="Koncept", year_start=2022, year_end=2024
    )

    executor = MigrationExecutor(connection)
    new = _migrate(executor.loader.graph.leaf_nodes())
    PlanApproval = new.get_model("consultation", "PlanApproval")
    approval = PlanApproval.objects.get()
    assert approval.plan_id == approved.pk and approval.version == 1
    assert approval.approved_on == datetime.date(2018, 12, 10)
    assert approval.resolution == "ZM 12/2018/7"
    assert approval.approved_version.revision == 3
    assert len(approval.content_checksum) == 64
    field_names = {f.name for f in new.get_model("planning", "Plan")._meta.get_fields()}
    assert "approved_on" not in field_names and "approval_resolution" not in field_names

    # and back: the date and number return to the plan
    back = _migrate(_before())
    plan = back.get_model("planning", "Plan").objects.get(pk=approved.pk)
    assert (plan.approved_on, plan.approval_resolution) == (
        datetime.date(2018, 12, 10),
        "ZM 12/2018/7",
    )
