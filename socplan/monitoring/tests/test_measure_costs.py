"""The form of a measure's own real costs (not split into its activities): filled in by
plain POST, refused to whom may not, versioned (a save by somebody else meanwhile is a
conflict that loses nothing)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from socplan.monitoring import services
from socplan.monitoring.models import ActualCost
from socplan.monitoring.tests.builders import approve, make_period
from socplan.planning.tests.builders import add_member, make_group, make_plan

pytestmark = pytest.mark.django_db


def _url(period, measure, name="measure_costs"):
    kwargs = {"slug": period.process.slug, "pk": period.plan.pk, "year": period.year}
    if name == "measure_costs":
        kwargs["measure_pk"] = measure.pk
    return reverse(f"monitoring:{name}", kwargs=kwargs)


def _measure(period, code="1.1"):
    for priority in period.plan.priorities.all():
        for measure in priority.measures.all():
            if measure.code == code:
                return measure
    raise AssertionError(code)


def _own(period, measure):
    return {
        c.source: c.amount
        for c in ActualCost.objects.filter(period=period, measure=measure, action_item=None)
    }


def test_it_saves_the_real_costs_of_the_measure_itself(process, coordinator, client_for):
    period = make_period(process)
    measure = _measure(period)
    client = client_for(coordinator)
    page = client.get(_url(period, measure)).content.decode()
    assert "Real costs by funding source" in page
    assert "100,000" in page and "50,000" in page  # planned own costs of 2019
    assert 'name="edit_version"' in page
    version = page.split('name="edit_version" value="')[1].split('"')[0]
    response = client.post(
        _url(period, measure),
        {"edit_version": version, "cost_municipalities": "90000", "cost_region": "45000.50"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#measure-{measure.pk}")
    assert _own(period, measure) == {
        "municipalities": Decimal("90000"),
        "region": Decimal("45000.50"),
    }
    detail = client.get(_url(period, measure, "period_detail")).content.decode()
    assert "Costs of the measure itself (CZK): planned 150,000, real 135,001." in detail
    assert f"Fill in the real costs of measure {measure.code}" in detail
    # the activities' costs are theirs: untouched
    assert not ActualCost.objects.filter(period=period, action_item__isnull=False).exists()


def test_errors_keep_what_was_typed(process, coordinator, client_for):
    period = make_period(process)
    measure = _measure(period)
    response = client_for(coordinator).post(
        _url(period, measure), {"cost_municipalities": "-5", "cost_region": "777"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="777"' in html and 'aria-invalid="true"' in html
    assert not ActualCost.objects.exists()


def test_a_save_by_somebody_else_meanwhile_is_a_conflict(process, coordinator, client_for):
    period = make_period(process)
    measure = _measure(period)
    client = client_for(coordinator)
    page = client.get(_url(period, measure)).content.decode()
    version = page.split('name="edit_version" value="')[1].split('"')[0]
    services.measure_costs_set(
        actor=None, period=period, measure=measure, costs=[{"source": "state", "amount": 5}]
    )
    response = client.post(_url(period, measure), {"edit_version": version, "cost_eu": "1000"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Somebody else saved this while you were editing it" in html
    assert 'value="1000"' in html  # what was typed is kept
    assert _own(period, measure) == {"state": Decimal("5")}  # and nothing overwritten
    # saved again deliberately (the form now carries the current version)
    fresh = html.split('name="edit_version" value="')[1].split('"')[0]
    assert fresh != version
    response = client.post(_url(period, measure), {"edit_version": fresh, "cost_eu": "1000"})
    assert response.status_code == 302
    assert _own(period, measure) == {"eu": Decimal("1000")}


def test_the_same_costs_saved_twice_are_no_conflict(process, coordinator, client_for):
    period = make_period(process)
    measure = _measure(period)
    client = client_for(coordinator)
    page = client.get(_url(period, measure)).content.decode()
    version = page.split('name="edit_version" value="')[1].split('"')[0]
    services.measure_costs_set(
        actor=None, period=period, measure=measure, costs=[{"source": "eu", "amount": 1000}]
    )
    response = client.post(_url(period, measure), {"edit_version": version, "cost_eu": "1000"})
    assert response.status_code == 302


def test_who_may_fill_in_the_costs_of_a_measure(process, personas, client_for):
    period = make_period(process, deadline=datetime.date(2020, 1, 31))
    measure = _measure(period)
    url = _url(period, measure)
    member = personas["member"]
    assert client_for(member).get(url).status_code == 403
    group = make_group(process)
    add_member(group, member)
    measure.working_group = group
    measure.save()
    assert client_for(member).get(url).status_code == 200  # the measure's working group
    other = _measure(period, "2.1")
    assert client_for(member).get(_url(period, other)).status_code == 403
    response = client_for(member).post(url, {"cost_users": "10"})
    assert response.status_code == 302 and _own(period, measure) == {"users": Decimal("10")}
    for persona in ("region_staff", "nobody"):
        assert client_for(personas[persona]).post(url, {"cost_users": "1"}).status_code in (
            403,
            404,
        ), persona
    assert client_for(None).get(url).status_code == 302  # sign in first
    # a measure of another plan of the process is not found here
    foreign = make_plan(process).priorities.first().measures.first()
    assert client_for(personas["coordinator"]).get(_url(period, foreign)).status_code == 404
    # submitted or approved: locked for everybody
    approve(period)
    for persona in ("coordinator", "member", "staff"):
        assert client_for(personas[persona]).get(url).status_code == 403, persona
    assert _own(period, measure) == {"users": Decimal("10")}
