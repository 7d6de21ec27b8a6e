"""The migrations that moved roles out of accounts and gave invitations a generic target
keep the data: rows written with the old schema read back with the new one."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("accounts", "0003_invitation_provider_ico"),
    ("organisation", "0004_structure"),
    ("territory", "0002_municipality_search_name"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_roles_and_invitations_survive_the_move():
    old = _migrate(BEFORE)
    User = old.get_model("accounts", "User")
    Region = old.get_model("territory", "Region")
    Area = old.get_model("territory", "PlanningArea")
    Process = old.get_model("organisation", "PlanningProcess")
    region = Region.objects.create(code="3107", name="Kraj Vysočina", nuts_code="CZ063")
    area = Area.objects.create(name="ORP Humpolec", slug="orp-humpolec", kind="orp")
    process = Process.objects.create(
        name="KPSS", slug="kpss", planning_area=area, period_start=2019, period_end=2021
    )
    user = User.objects.create(email="koordinatorka@example.org")
    old.get_model("accounts", "ProcessRole").objects.create(
        user=user, process=process, role="coordinator"
    )
    old.get_model("accounts", "RegionRole").objects.create(user=user, region=region)
    Invitation = old.get_model("accounts", "Invitation")
    Invitation.objects.create(email="a@example.org", process=process, role="member", token_hash="a")
    Invitation.objects.create(email="b@example.org", role="coordinator", token_hash="b")

    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())

    from socplan.accounts.models import Invitation as NewInvitation
    from socplan.organisation.models import PlanningProcess, ProcessRole
    from socplan.territory.models import RegionRole

    role = ProcessRole.objects.get()
    assert (role.user.email, role.process.slug, role.role) == (user.email, "kpss", "coordinator")
    assert role.updated_at == role.created_at  # the new timestamp takes the existing one
    assert RegionRole.objects.get().region.code == "3107"
    invitations = {i.email: i for i in NewInvitation.objects.all()}
    assert invitations["a@example.org"].target == PlanningProcess.objects.get(slug="kpss")
    assert invitations["b@example.org"].target is None
    tables = connection.introspection.table_names()
    assert "organisation_processrole" in tables and "accounts_processrole" not in tables


MONITORING_BEFORE = ("monitoring", "0001_initial")


def _state_with(executor, node):
    """The project's state with every app at its leaf but ``node``'s app at ``node``."""
    graph = executor.loader.graph
    nodes = [n for n in graph.leaf_nodes() if n[0] != node[0]] + [node]
    return executor.loader.project_state(nodes).apps


@pytest.mark.django_db(transaction=True)
def test_the_councils_note_on_a_monitoring_report_moves_there_and_back():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    _migrate([MONITORING_BEFORE])
    old = _state_with(MigrationExecutor(connection), MONITORING_BEFORE)
    area = old.get_model("territory", "PlanningArea").objects.create(
        name="ORP Humpolec", slug="orp-humpolec", kind="orp"
    )
    process = old.get_model("organisation", "PlanningProcess").objects.create(
        name="KPSS", slug="kpss", planning_area=area, period_start=2019, period_end=2021
    )
    Plan = old.get_model("planning", "Plan")
    plans = [
        Plan.objects.create(
            process=process,
            kind="action",
            year=year,
            title=f"AP {year}",
            year_start=year,
            year_end=year,
        )
        for year in (2019, 2020, 2021)
    ]
    Period = old.get_model("monitoring", "MonitoringPeriod")
    long_resolution = "RM " + "1" * 150
    Period.objects.create(
        action_plan=plans[0],
        status="approved",
        council_noted_on=datetime.date(2020, 3, 16),
        council_resolution="RM 112/2020",
        council_body="Rada města Humpolec",
    )
    Period.objects.create(
        action_plan=plans[1],
        council_noted_on=datetime.date(2021, 3, 1),
        council_resolution=long_resolution,
    )
    Period.objects.create(action_plan=plans[2])  # nothing noted: no decision

    _migrate(leaves)
    from socplan.monitoring.models import MonitoringDecision

    decisions = {d.period.action_plan.year: d for d in MonitoringDecision.objects.all()}
    assert set(decisions) == {2019, 2020}
    first = decisions[2019]
    assert (first.decision, first.decided_on, first.resolution_number, first.body_name) == (
        "took_note",
        datetime.date(2020, 3, 16),
        "RM 112/2020",
        "Rada města Humpolec",
    )
    assert first.body == "municipality" and not first.note
    second = decisions[2020]
    assert second.resolution_number == long_resolution[:100] and second.note == long_resolution
    assert second.body_name == ""

    _migrate([MONITORING_BEFORE])
    old = _state_with(MigrationExecutor(connection), MONITORING_BEFORE)
    back = {
        p.action_plan.year: (p.council_noted_on, p.council_resolution, p.council_body)
        for p in old.get_model("monitoring", "MonitoringPeriod").objects.all()
    }
    assert back == {
        2019: (datetime.date(2020, 3, 16), "RM 112/2020", "Rada města Humpolec"),
        2020: (datetime.date(2021, 3, 1), long_resolution, ""),
        2021: (None, "", ""),
    }
    _migrate(leaves)
