"""No lost edits: two people edit the same measure or activity at once; the second save of
the stale form shows a conflict with both versions and loses nothing."""

import pytest
from django.urls import reverse

from socplan.planning.models import Activity, Draft, Measure

from .builders import make_plan

pytestmark = pytest.mark.django_db


def url(name, plan, **kwargs):
    return reverse(name, kwargs={"slug": plan.process.slug, "pk": plan.pk, **kwargs})


def form_data(response) -> dict:
    """What the browser would post back for the form on the page, unchanged."""
    data = {}
    forms = [response.context["form"]]
    if response.context.get("indicators") is not None:
        indicators = response.context["indicators"]
        forms += list(indicators)
        for field in indicators.management_form:
            data[field.html_name] = field.value()
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[field.html_name] = [str(v) for v in value]
            else:
                data[field.html_name] = "on" if value is True else str(value)
    return data


@pytest.fixture
def two_people(coordinator, methodologist, client_for, process):
    from socplan.organisation.models import ProcessRole

    ProcessRole.objects.filter(user=methodologist, process=process).update(
        role=ProcessRole.Role.COORDINATOR
    )
    return client_for(coordinator), client_for(methodologist)


def test_a_stale_measure_form_shows_both_versions_and_keeps_both(process, two_people):
    plan = make_plan(process)
    measure = Measure.objects.get(priority__plan=plan, code="1.2")
    first, second = two_people
    address = url("planning:measure_edit", plan, measure_pk=measure.pk)
    form_of_first = form_data(first.get(address))
    form_of_second = form_data(second.get(address))
    assert form_of_first["edit_version"] == measure.updated_at.isoformat()

    saved = first.post(address, {**form_of_first, "description": "Popis první osoby."})
    assert saved.status_code == 302

    typed = "Popis druhé osoby, který se nesmí ztratit."
    stale = second.post(address, {**form_of_second, "description": typed})
    assert stale.status_code == 200
    html = stale.content.decode()
    assert "Somebody else saved this while you were editing it" in html
    rows = stale.context["form"].conflict_rows
    assert rows == [
        {"label": "Description", "theirs": "Popis první osoby.", "mine": typed},
    ]
    assert "<caption>" in html and "Popis první osoby." in html and typed in html
    measure.refresh_from_db()
    assert measure.description == "Popis první osoby."  # the first save is not wiped
    # the second person's text is in the form (and kept as a draft)
    assert f"{typed}</textarea>" in html
    assert Draft.objects.get(key__startswith="measure-").data["description"] == [typed]

    # saving again, having seen both, is deliberate and goes through
    again = second.post(address, form_data(stale))
    assert again.status_code == 302
    measure.refresh_from_db()
    assert measure.description == typed


def test_the_same_person_saving_twice_is_no_conflict(process, two_people):
    plan = make_plan(process)
    measure = Measure.objects.get(priority__plan=plan, code="1.2")
    first, _second = two_people
    address = url("planning:measure_edit", plan, measure_pk=measure.pk)
    assert first.post(address, {**form_data(first.get(address)), "title": "A"}).status_code == 302
    assert first.post(address, {**form_data(first.get(address)), "title": "B"}).status_code == 302
    measure.refresh_from_db()
    assert measure.title == "B"


def test_a_restored_draft_keeps_the_version_it_was_typed_against(process, two_people):
    """Autosave (and the in-place editor, which posts the same form): a draft typed against
    an old version, restored later, still conflicts instead of overwriting."""
    plan = make_plan(process)
    measure = Measure.objects.get(priority__plan=plan, code="1.2")
    first, second = two_people
    address = url("planning:measure_edit", plan, measure_pk=measure.pk)
    old = form_data(second.get(address))
    key = f"measure-{measure.pk}-{plan.pk}"
    autosave = second.post(
        url("planning:draft_save", plan) + "?key=" + key,
        {**old, "description": "Rozepsáno"},
        HTTP_HX_REQUEST="true",
    )
    assert autosave.status_code == 200
    saved = first.post(address, {**form_data(first.get(address)), "title": "Nový"})
    assert saved.status_code == 302
    restored = second.get(address)
    assert restored.context["form"]["edit_version"].value() == old["edit_version"]
    stale = second.post(address, form_data(restored))
    assert stale.status_code == 200
    assert stale.context["form"].conflict_rows[0]["theirs"] == "Nový"
    measure.refresh_from_db()
    assert measure.title == "Nový"


def test_a_stale_activity_form_shows_a_conflict(process, two_people):
    plan = make_plan(process)
    activity = Activity.objects.filter(measure__priority__plan=plan).first()
    first, second = two_people
    address = url(
        "planning:activity_edit", plan, measure_pk=activity.measure_id, activity_pk=activity.pk
    )
    form_of_first = form_data(first.get(address))
    form_of_second = form_data(second.get(address))
    assert first.post(address, {**form_of_first, "title": "Název první"}).status_code == 302
    stale = second.post(address, {**form_of_second, "expected_outputs": "Výstupy druhé"})
    assert stale.status_code == 200
    rows = {row["label"]: row for row in stale.context["form"].conflict_rows}
    assert rows["Title"]["theirs"] == "Název první"
    assert rows["Expected outputs"]["mine"] == "Výstupy druhé"
    activity.refresh_from_db()
    assert activity.title == "Název první" and activity.expected_outputs != "Výstupy druhé"
