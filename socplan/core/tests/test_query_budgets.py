"""Query budgets of core's lists: the audit log (the admin's list of audit events), with
its actors and filters: as many queries for 20 rows as for 2."""

import pytest
from django.urls import reverse

from socplan.core.audit import action_choices
from socplan.core.models import AuditEvent
from socplan.testing.query_budgets import assert_flat_queries

pytestmark = pytest.mark.django_db


def test_audit_log(staff, coordinator, member, client_for):
    actions = [value for value, _label in action_choices()]

    def add(start, stop):
        for n in range(start, stop):
            AuditEvent.objects.create(
                actor=[coordinator, member, None][n % 3],
                action=actions[n % len(actions)],
                object_type="organisation.group",
                object_id=str(n),
                object_repr=f"Skupina {n:02}",
            )

    assert_flat_queries(
        client_for(staff),
        reverse("admin:core_auditevent_changelist"),
        add,
        expect=lambda html: "Skupina 01" in html,
    )
