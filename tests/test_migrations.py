"""The migrations that moved roles out of accounts and gave invitations a generic target
keep the data: rows written with the old schema read back with the new one."""

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
