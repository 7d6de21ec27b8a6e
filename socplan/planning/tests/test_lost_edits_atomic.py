"""No lost edits, the gaps closed after the first round (issue 10): the version is checked
again inside the saving transaction, a measure's costs and indicators show side by side in a
conflict, action-plan items and plan chapters are versioned too."""

import pytest
from django.core.exceptions import ValidationError

from socplan.planning import services
from socplan.planning.forms import MeasureForm
from socplan.planning.models import ActionItem, Measure

from .builders import make_plan
from .test_lost_edits import form_data, url
from .test_lost_edits import two_people as two_people  # a fixture

pytestmark = pytest.mark.django_db


def test_a_save_between_validation_and_saving_is_a_conflict(
    process,
    two_people,
    coordinator,
    monkeypatch,
):
    """The other save commits after the stale form passed validation (the check in
    ``clean``) and before it is saved: the check inside the saving transaction catches it."""
    plan = make_plan(process)
    measure = Measure.objects.get(priority__plan=plan, code="1.2")
    _first, second = two_people
    address = url("planning:measure_edit", plan, measure_pk=measure.pk)
    shown = form_data(second.get(address))
    original = MeasureForm.clean
    calls = []

    def clean_then_somebody_saves(self):
        cleaned = original(self)  # the version still matches here
        if not calls:
            calls.append(1)
            services.measure_update(
                actor=coordinator,
                measure=Measure.objects.get(pk=measure.pk),
                description="Uloženo mezitím.",
            )
        return cleaned

    monkeypatch.setattr(MeasureForm, "clean", clean_then_somebody_saves)
    typed = "Text druhé osoby."
    stale = second.post(address, {**shown, "description": typed})
    assert calls and stale.status_code == 200
    assert stale.context["form"].conflict_rows[0] == {
        "label": "Description",
        "theirs": "Uloženo mezitím.",
        "mine": typed,
    }
    measure.refresh_from_db()
    assert measure.description == "Uloženo mezitím."


def test_two_validated_forms_saved_one_after_the_other(process, coordinator):
    """Both forms were valid against the same version; the second save is refused."""
    plan = make_plan(process)
    measure = Measure.objects.get(priority__plan=plan, code="1.2")

    def bound(description):
        shown = MeasureForm(plan=plan, coordinator=True, instance=measure)
        data = {name: shown[name].value() for name in shown.fields}
        data = {k: v for k, v in data.items() if v is not None}
        data["description"] = description
        form = MeasureForm(data, plan=plan, coordinator=True, instance=measure)
        assert form.is_valid(), form.errors
        return form

    first, second = bound("První"), bound("Druhá")
    for form in (first, second):
        try:
            with form.saving():
                services.measure_update(
                    actor=coordinator,
                    measure=Measure.objects.get(pk=measure.pk),
                    **form.measure_fields(),
                )
        except ValidationError as error:
            assert form is second and error.code == "conflict"
    measure.refresh_from_db()
    assert measure.description == "První"
    assert second.conflict_rows == [{"label": "Description", "theirs": "První", "mine": "Druhá"}]


def test_a_conflict_shows_the_costs_and_indicators_of_a_measure(process, two_people):
    plan = make_plan(process)
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    first, second = two_people
    address = url("planning:measure_edit", plan, measure_pk=measure.pk)
    form_of_first = form_data(first.get(address))
    form_of_second = form_data(second.get(address))
    assert form_of_first["cost_2019_municipalities"] == "100000.00"
    saved = first.post(
        address,
        {**form_of_first, "cost_2019_municipalities": "120000", "indicators-0-baseline": "85"},
    )
    assert saved.status_code == 302
    stale = second.post(address, {**form_of_second, "cost_2020_region": "7000"})
    assert stale.status_code == 200
    rows = {row["label"]: row for row in stale.context["form"].conflict_rows}
    assert rows["municipalities 2019"] == {
        "label": "municipalities 2019",
        "theirs": "120000",
        "mine": "100000",
    }
    assert (rows["region 2020"]["theirs"], rows["region 2020"]["mine"]) == ("", "7000")
    assert rows["Indicators"]["theirs"] == "Počet klientů (osob): 85 → 2021: 90"
    assert rows["Indicators"]["mine"] == "Počet klientů (osob): 80 → 2021: 90"
    html = stale.content.decode()
    assert "120000" in html and "Počet klientů (osob): 85" in html
    measure.refresh_from_db()
    assert measure.costs.get(year=2019, source="municipalities", activity=None).amount == 120000


def test_a_stale_action_item_form_shows_a_conflict(process, two_people):
    plan = make_plan(process)
    action = services.action_plan_create(actor=None, medium_term_plan=plan, year=2019, title="")
    item = action.items.get(activity__title="Provoz služby")
    first, second = two_people
    address = url("planning:action_item_edit", action, item_pk=item.pk)
    form_of_first = form_data(first.get(address))
    form_of_second = form_data(second.get(address))
    assert form_of_first["edit_version"].startswith("sha256:")
    # only a cost changes: still a new version (the costs count in it)
    saved = first.post(address, {**form_of_first, "cost_2019_state": "2500000"})
    assert saved.status_code == 302
    stale = second.post(address, {**form_of_second, "expected_outputs": "Výstupy druhé"})
    assert stale.status_code == 200
    rows = {row["label"]: row for row in stale.context["form"].conflict_rows}
    assert rows["state subsidy 2019"]["theirs"] == "2500000"
    assert rows["Expected outputs"]["mine"] == "Výstupy druhé"
    item = ActionItem.objects.get(pk=item.pk)
    assert item.expected_outputs != "Výstupy druhé"
    # having seen both, the second save goes through
    assert second.post(address, form_data(stale)).status_code == 302
    assert ActionItem.objects.get(pk=item.pk).expected_outputs == "Výstupy druhé"


def test_a_stale_plan_form_shows_a_conflict(process, two_people):
    plan = make_plan(process)
    first, second = two_people
    address = url("planning:plan_edit", plan)
    form_of_first = form_data(first.get(address))
    form_of_second = form_data(second.get(address))
    assert first.post(address, {**form_of_first, "vision": "Vize první"}).status_code == 302
    stale = second.post(address, {**form_of_second, "vision": "Vize druhé"})
    assert stale.status_code == 200
    rows = stale.context["form"].conflict_rows
    assert [(r["theirs"], r["mine"]) for r in rows] == [("Vize první", "Vize druhé")]


def test_a_stale_form_with_the_values_saved_now_is_no_conflict(
    process,
    two_people,
    coordinator,
):
    """Both fixed the same typo: the version moved, but the stale form shows nothing other
    than what is saved now; there is nothing to lose and no empty conflict to show."""
    plan = make_plan(process)
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    _first, second = two_people
    address = url("planning:measure_edit", plan, measure_pk=measure.pk)
    shown = form_data(second.get(address))
    services.measure_update(
        actor=coordinator, measure=Measure.objects.get(pk=measure.pk), title="Opravený název"
    )
    assert Measure.objects.get(pk=measure.pk).updated_at.isoformat() != shown["edit_version"]
    response = second.post(address, {**shown, "title": "Opravený název"})
    assert response.status_code == 302


def test_stale_own_costs_of_a_measure_in_an_action_plan_show_a_conflict(process, two_people):
    plan = make_plan(process)
    action = services.action_plan_create(actor=None, medium_term_plan=plan, year=2019, title="")
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    first, second = two_people
    address = url("planning:action_measure_costs", action, measure_pk=measure.pk)
    form_of_first = form_data(first.get(address))
    form_of_second = form_data(second.get(address))
    assert form_of_first["cost_2019_region"] == "50000.00"
    saved = first.post(address, {**form_of_first, "cost_2019_region": "60000"})
    assert saved.status_code == 302
    stale = second.post(address, {**form_of_second, "cost_2019_eu": "1000"})
    assert stale.status_code == 200
    rows = {
        row["label"]: (row["theirs"], row["mine"]) for row in stale.context["form"].conflict_rows
    }
    assert rows == {"region 2019": ("60000", "50000"), "EU funds 2019": ("", "1000")}
    own = measure.costs.filter(plan=action, activity=None, action_item=None)
    assert {(c.source, c.amount) for c in own} == {("municipalities", 100000), ("region", 60000)}
    # having seen both, the second save goes through
    assert second.post(address, form_data(stale)).status_code == 302
    assert measure.costs.filter(plan=action, source="eu", activity=None).get().amount == 1000
