"""Query budgets of the accounts' lists: the site staff's invitations and "My account"
with the user's roles: as many queries for 20 rows as for 2."""

import pytest
from django.urls import reverse

from socplan import testing
from socplan.accounts.models import Invitation, Role
from socplan.testing.query_budgets import assert_flat_queries

pytestmark = pytest.mark.django_db


def test_site_invitations(staff, coordinator, client_for):
    def add(start, stop):
        for n in range(start, stop):
            Invitation.objects.create(
                email=f"pozvany{n:02}@example.org",
                full_name=f"Pozvaný {n:02}",
                role=Role.COORDINATOR,
                token_hash=f"token-{n}",
                invited_by=[staff, coordinator][n % 2],
            )

    assert_flat_queries(
        client_for(staff),
        reverse("accounts:invite_site_user"),
        add,
        expect=lambda html: "pozvany01@example.org" in html,
    )


def test_my_account_with_roles_in_many_processes(coordinator, client_for):
    def add(start, stop):
        for n in range(start, stop):
            area = testing.make_area(name=f"Oblast {n:02}", slug=f"oblast-{n}")
            process = testing.make_process(area=area, slug=f"proces-{n}")
            type(process).objects.filter(pk=process.pk).update(name=f"Proces {n:02}")
            testing.grant_role(user=coordinator, process=process, role="coordinator")

    assert_flat_queries(
        client_for(coordinator),
        reverse("accounts:account"),
        add,
        expect=lambda html: "Proces 01" in html,
    )
