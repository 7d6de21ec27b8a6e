"""Every page of the monitoring, tried with every persona (see socplan/testing/personas.py)."""

import datetime

import pytest
from django.urls import reverse

from socplan.monitoring import services
from socplan.monitoring.tests.builders import approve, items, make_period
from socplan.testing.personas import PERSONAS, assert_only_allowed

pytestmark = pytest.mark.django_db

INTERNAL = ["member", "methodologist", "region_staff", "coordinator", "staff"]
EDITORS = ["methodologist", "coordinator", "staff"]
MANAGERS = ["coordinator", "staff"]


def _url(name, period, **extra):
    kwargs = {"slug": period.process.slug, "pk": period.plan.pk, **extra}
    if name not in ("setup", "evaluation", "next_plan", "period_list", "dashboard"):
        kwargs["year"] = period.year
    return reverse(f"monitoring:{name}", kwargs=kwargs)


# url name, extra kwargs (period -> dict), personas allowed (the period being filled in)
PAGES = [
    ("period_detail", lambda p: {}, INTERNAL),
    ("period_edit", lambda p: {}, EDITORS),
    ("indicator_values", lambda p: {}, EDITORS),
    ("bulk_import", lambda p: {}, EDITORS),
    ("activity_report", lambda p: {"item_pk": items(p)["1.1.1"].pk}, EDITORS),
    (
        "measure_costs",
        lambda p: {"measure_pk": items(p)["1.1.1"].activity.measure_id},
        EDITORS,
    ),
    ("light_override", lambda p: {}, MANAGERS),
    ("setup", lambda p: {}, MANAGERS),
    ("evaluation", lambda p: {}, INTERNAL),  # not started: readers are told so
]


@pytest.mark.parametrize(("name", "extra", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_pages_of_a_period_being_filled_in(name, extra, allowed, process, personas, client_for):
    period = make_period(process)
    assert_only_allowed(_url(name, period, **extra(period)), allowed, personas, client_for)


def test_the_report_of_a_period_being_filled_in_is_internal(process, personas, client_for):
    period = make_period(process)
    url = reverse(
        "documents:monitoring_report",
        kwargs={"slug": period.process.slug, "pk": period.plan.pk, "year": 2019, "format": "docx"},
    )
    assert_only_allowed(url, INTERNAL, personas, client_for)


def test_an_approved_period_is_public_and_locked(process, personas, client_for):
    period = make_period(process)
    approve(period)
    for persona in PERSONAS:
        client = client_for(personas[persona])
        assert client.get(_url("period_detail", period)).status_code == 200, persona
        assert client.get(_url("dashboard", period)).status_code == 200, persona
    # locked: nobody edits it any more, the council's decision is for the managers
    assert_only_allowed(_url("council_note", period), MANAGERS, personas, client_for)
    for name in ("period_edit", "indicator_values", "bulk_import", "light_override"):
        response = client_for(personas["coordinator"]).get(_url(name, period))
        assert response.status_code == 403, name
    measure_pk = items(period)["1.1.1"].activity.measure_id
    response = client_for(personas["coordinator"]).get(
        _url("measure_costs", period, measure_pk=measure_pk)
    )
    assert response.status_code == 403


def test_an_unpublished_process_hides_its_monitoring(unpublished_process, nobody, client_for):
    period = make_period(unpublished_process)
    approve(period)
    assert client_for(nobody).get(_url("period_detail", period)).status_code == 404
    assert client_for(None).get(_url("dashboard", period)).status_code == 404


def test_who_may_submit_and_approve(process, personas, client_for):
    period = make_period(process)
    url = _url("period_workflow", period)
    for persona in ("member", "region_staff", "nobody"):
        response = client_for(personas[persona]).post(url, {"action": "submit"})
        assert response.status_code in (403, 404), persona
    period.refresh_from_db()
    assert period.status == "draft"
    client_for(personas["methodologist"]).post(url, {"action": "submit"})
    period.refresh_from_db()
    assert period.status == "submitted"
    # the methodologist submits but does not approve
    client_for(personas["methodologist"]).post(url, {"action": "approve"})
    period.refresh_from_db()
    assert period.status == "submitted"
    client_for(personas["coordinator"]).post(url, {"action": "approve"})
    period.refresh_from_db()
    assert period.status == "approved"


def test_a_working_group_member_fills_in_the_activities_of_its_measures(
    process, member, client_for
):
    from socplan.planning.tests.builders import add_member, make_group

    period = make_period(process, deadline=datetime.date(2020, 1, 31))
    group = make_group(process)
    add_member(group, member)
    item = items(period)["1.1.1"]
    url = _url("activity_report", period, item_pk=item.pk)
    assert client_for(member).get(url).status_code == 403
    measure = item.activity.measure
    measure.working_group = group
    measure.save()
    assert client_for(member).get(url).status_code == 200
    other = _url("activity_report", period, item_pk=items(period)["2.1.1"].pk)
    assert client_for(member).get(other).status_code == 403
    # a member of a group submits the period, the steering group approves
    client_for(member).post(_url("period_workflow", period), {"action": "submit"})
    period.refresh_from_db()
    assert period.status == "submitted"
    group.kind = group.Kind.STEERING
    group.save()
    client_for(member).post(_url("period_workflow", period), {"action": "approve"})
    period.refresh_from_db()
    assert period.status == "approved"
    assert services.PeriodLocked  # the period is now locked (see test_services)
