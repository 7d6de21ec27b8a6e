import datetime

import pytest
from django.core.exceptions import ValidationError

from socplan import testing
from socplan.core.models import AuditEvent
from socplan.organisation import services
from socplan.organisation.models import Partner, Phase, PlanningProcess, ProcessRole


def test_it_creates_a_process_with_a_coordinator_and_no_phases(area, nobody):
    process = services.process_create(
        actor=nobody,
        planning_area=area,
        name="Nový",
        period_start=2025,
        period_end=2027,
        realizer="MAS",
        partners=[{"name": "Obec Kejžlice", "order": 1}],
    )
    assert process.slug != "novy"  # "novy/" is the address of the create form
    assert process.slug == "novy-2"
    assert process.phases.count() == 0
    assert list(process.partners.values_list("name", flat=True)) == ["Obec Kejžlice"]
    assert ProcessRole.objects.get(process=process).user == nobody
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["process.created", "process_role.granted", "process.partners_updated"]


def test_it_creates_nothing_for_an_invalid_period(area, staff):
    with pytest.raises(ValidationError) as error:
        services.process_create(
            actor=staff,
            planning_area=area,
            name="Obrácený",
            period_start=2027,
            period_end=2025,
            realizer="MAS",
        )
    assert "period_end" in error.value.error_dict
    assert not PlanningProcess.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_unknown_fields(area, staff):
    with pytest.raises(TypeError):
        services.process_create(
            actor=staff,
            planning_area=area,
            name="X",
            period_start=2025,
            period_end=2027,
            realizer="MAS",
            is_demo=True,
        )


def test_it_leaves_the_process_unchanged_when_an_update_is_invalid(process, coordinator):
    with pytest.raises(ValidationError):
        services.process_update(
            process=process, actor=coordinator, name="Nové", registration_number="CZ-1"
        )
    process.refresh_from_db()
    assert process.name == "Komunitní plán sociálních služeb v ORP Humpolec"
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_partner_of_another_process(process, unpublished_process, staff):
    foreign = Partner.objects.create(process=unpublished_process, name="Cizí")
    with pytest.raises(ValidationError):
        services.partners_update(
            process=process, actor=staff, partners=[{"id": foreign.pk, "delete": True}]
        )
    assert Partner.objects.filter(pk=foreign.pk).exists()


def test_it_plans_changes_and_removes_phases(process, coordinator):
    phases = services.phases_update(
        process=process,
        actor=coordinator,
        phases={
            "analysis": None,
            "drafting": {"start": datetime.date(2018, 7, 1), "end": None, "note": "N"},
        },
    )
    assert [p.kind for p in phases] == ["preparation", "drafting"]
    assert set(process.phases.values_list("kind", flat=True)) == {"preparation", "drafting"}
    event = AuditEvent.objects.get(action="process.phases_updated")
    assert event.data == {"planned": {"drafting": ["2018-07-01", None]}, "removed": ["analysis"]}


def test_it_writes_no_audit_event_when_the_phases_did_not_change(process, coordinator):
    services.phases_update(
        process=process,
        actor=coordinator,
        phases={
            "preparation": {
                "start": datetime.date(2017, 9, 1),
                "end": datetime.date(2017, 12, 31),
                "note": "",
            }
        },
    )
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "phases",
    [
        # ends before it starts
        {"approval": {"start": datetime.date(2019, 1, 1), "end": datetime.date(2018, 1, 1)}},
        # starts before the phase before it (analysis starts 2018-01-01)
        {"drafting": {"start": datetime.date(2017, 12, 1), "end": None}},
        # an end without a start
        {"approval": {"start": None, "end": datetime.date(2019, 1, 1)}},
        {"no-such-phase": None},
    ],
)
def test_it_rejects_invalid_phases_and_changes_nothing(process, coordinator, phases):
    before = list(process.phases.values_list("kind", "start", "end"))
    with pytest.raises(ValidationError):
        services.phases_update(process=process, actor=coordinator, phases=phases)
    assert list(process.phases.values_list("kind", "start", "end")) == before
    assert not AuditEvent.objects.exists()


def test_it_allows_overlapping_phases(db, staff):
    process = testing.make_process()
    services.phases_update(
        process=process,
        actor=staff,
        phases={
            "approval": {"start": datetime.date(2018, 12, 1), "end": datetime.date(2019, 1, 31)},
            "implementation": {"start": datetime.date(2019, 1, 1), "end": None},
        },
    )
    assert process.phases.filter(kind=Phase.Kind.IMPLEMENTATION).exists()
