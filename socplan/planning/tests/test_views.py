import pytest
from django.urls import reverse

from socplan.planning.models import Draft, Measure, Plan

from .builders import add_member, make_group, make_plan, make_service

pytestmark = pytest.mark.django_db


def url(name, plan, **kwargs):
    return reverse(name, kwargs={"slug": plan.process.slug, "pk": plan.pk, **kwargs})


def measure_post(measure, **overrides):
    data = {
        "priority": measure.priority_id,
        "title": measure.title,
        "kind": measure.kind,
        "description": measure.description,
        "justification": "",
        "responsible_other": "",
        "partners": "",
        "start_year": measure.start_year or "",
        "end_year": measure.end_year or "",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "20",
    }
    data.update(overrides)
    return data


def test_it_shows_a_public_plan_to_everybody(process, client):
    plan = make_plan(process, status=Plan.Status.CONSULTATION)
    service = make_service()
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    measure.services.add(service)
    measure.municipalities.add(process.planning_area.municipalities.get(name="Kejžlice"))
    for name in ("plan_detail", "plan_target_groups", "plan_municipalities", "plan_finance"):
        name = "planning:" + name
        assert client.get(url(name, plan)).status_code == 200, name
    page = client.get(url("planning:measure_detail", plan, measure_pk=measure.pk))
    assert page.status_code == 200
    assert reverse("catalogue:service_detail", kwargs={"pk": service.pk}).encode() in page.content
    kejzlice = client.get(url("planning:plan_municipality", plan, code="548120")).content.decode()
    assert "Zachování pečovatelské služby" in kejzlice
    humpolec = client.get(url("planning:plan_municipality", plan, code="547999")).content.decode()
    # a measure for the whole area concerns every municipality; one for Kejžlice does not
    assert "Aktivizace dlouhodobě nezaměstnaných" in humpolec
    assert "Zachování pečovatelské služby" not in humpolec
    by_group = client.get(url("planning:plan_target_groups", plan)).content.decode()
    assert "osoby se zdravotním postižením" in by_group


def test_it_lists_only_public_plans_to_the_public(process, client, coordinator, client_for):
    make_plan(process)
    listing = reverse("planning:plan_list", kwargs={"slug": process.slug})
    assert "Střednědobý plán" not in client.get(listing).content.decode()
    assert "Střednědobý plán" in client_for(coordinator).get(listing).content.decode()


def test_a_plan_of_an_unpublished_process_is_404(unpublished_process, client, nobody, client_for):
    plan = make_plan(unpublished_process, status=Plan.Status.APPROVED)
    assert client.get(url("planning:plan_detail", plan)).status_code == 404
    assert client_for(nobody).get(url("planning:plan_detail", plan)).status_code == 404


def test_the_coordinator_edits_a_measure(process, coordinator, client_for):
    plan = make_plan(process)
    measure = Measure.objects.get(priority__plan=plan, code="1.2")
    response = client_for(coordinator).post(
        url("planning:measure_edit", plan, measure_pk=measure.pk),
        measure_post(
            measure,
            title="Odlehčovací služba pro celé území",
            cost_2020_region="250000",
            **{
                "indicators-0-name": "Počet klientů",
                "indicators-0-unit": "osob",
                "indicators-0-target_2021": "12",
            },
        ),
    )
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["indicators"].errors,
    )
    measure.refresh_from_db()
    assert measure.title == "Odlehčovací služba pro celé území"
    assert measure.indicators.get().targets == {"2021": "12"}
    assert measure.costs.get(activity__isnull=True).amount == 250000


def test_a_validation_error_keeps_the_typed_text(process, coordinator, client_for):
    plan = make_plan(process)
    measure = Measure.objects.get(priority__plan=plan, code="1.2")
    typed = "Dlouhý popis, který se nesmí ztratit: odlehčovací služba pro pečující."
    response = client_for(coordinator).post(
        url("planning:measure_edit", plan, measure_pk=measure.pk),
        measure_post(measure, title="", description=typed, start_year="1999"),
    )
    assert response.status_code == 200
    assert typed in response.content.decode()
    assert b"form-errors" in response.content
    measure.refresh_from_db()
    assert measure.description == ""
    # the typed text is also kept as a draft and offered when the form is opened again
    draft = Draft.objects.get(user=coordinator)
    assert draft.data["description"] == [typed]
    again = client_for(coordinator).get(url("planning:measure_edit", plan, measure_pk=measure.pk))
    assert typed in again.content.decode()


def test_a_service_error_keeps_the_typed_text(process, coordinator, client_for):
    plan = make_plan(process)
    measure = Measure.objects.get(priority__plan=plan, code="1.2")
    typed = "Text psaný při schvalování."
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.APPROVED)
    response = client_for(coordinator).post(
        url("planning:measure_edit", plan, measure_pk=measure.pk),
        measure_post(measure, description=typed),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert typed in content and "amendment" in content


def test_autosave_keeps_a_draft_and_answers_a_status_line(process, coordinator, client_for):
    plan = make_plan(process)
    response = client_for(coordinator).post(
        url("planning:draft_save", plan) + "?key=measure-new-" + str(plan.pk),
        {"title": "", "description": "rozepsaný text"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b"Draft kept" in response.content
    assert Draft.objects.get(user=coordinator).data["description"] == ["rozepsaný text"]


def test_the_edit_form_has_autosave(process, coordinator, client_for):
    plan = make_plan(process)
    page = client_for(coordinator).get(url("planning:measure_create", plan)).content.decode()
    assert 'hx-trigger="keyup changed delay:1s, change"' in page
    assert url("planning:draft_save", plan) in page


def test_move_buttons_renumber(process, coordinator, client_for):
    plan = make_plan(process)
    measure = Measure.objects.get(priority__plan=plan, code="1.2")
    response = client_for(coordinator).post(
        url("planning:measure_action", plan, measure_pk=measure.pk), {"action": "up"}
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.code == "1.1"


def test_a_working_group_drafts_its_measures_only(process, member, client_for):
    plan = make_plan(process)
    group = make_group(process)
    add_member(group, member)
    mine = Measure.objects.get(priority__plan=plan, code="1.1")
    mine.working_group = group
    mine.save()
    other = Measure.objects.get(priority__plan=plan, code="2.1")
    client = client_for(member)
    assert client.get(url("planning:measure_edit", plan, measure_pk=mine.pk)).status_code == 200
    assert client.get(url("planning:measure_edit", plan, measure_pk=other.pk)).status_code == 403
    response = client.post(
        url("planning:measure_edit", plan, measure_pk=mine.pk),
        measure_post(
            mine,
            title="Pečovatelská služba – návrh skupiny",
            priority="",
            **{"indicators-0-name": "Počet klientů", "indicators-0-baseline": "80"},
        ),
    )
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["indicators"].errors,
    )
    mine.refresh_from_db()
    assert mine.title == "Pečovatelská služba – návrh skupiny"
    assert mine.working_group == group  # members do not reassign measures
    editor = client.get(url("planning:plan_editor", plan)).content.decode()
    assert url("planning:measure_edit", plan, measure_pk=mine.pk) in editor
    assert url("planning:measure_edit", plan, measure_pk=other.pk) not in editor


def test_a_former_member_no_longer_drafts(process, member, client_for):
    import datetime

    plan = make_plan(process)
    group = make_group(process)
    add_member(group, member, end=datetime.date(2019, 1, 1))
    mine = Measure.objects.get(priority__plan=plan, code="1.1")
    mine.working_group = group
    mine.save()
    page = client_for(member).get(url("planning:measure_edit", plan, measure_pk=mine.pk))
    assert page.status_code == 403


def test_a_frozen_plan_refuses_edits_with_a_message(process, coordinator, client_for):
    plan = make_plan(process, status=Plan.Status.APPROVED)
    client = client_for(coordinator)
    response = client.get(url("planning:plan_edit", plan), follow=True)
    assert b"cannot be changed" in response.content
    assert b"amendment" in response.content


def test_the_amendment_page_opens_a_new_version(process, coordinator, client_for):
    plan = make_plan(process, status=Plan.Status.APPROVED)
    response = client_for(coordinator).post(
        url("planning:plan_amend", plan), {"reason": "Nová služba"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.version, plan.status) == (2, Plan.Status.DRAFT)


def test_versions_are_compared_side_by_side(process, coordinator, client_for):
    plan = make_plan(process)
    measure = Measure.objects.get(priority__plan=plan, code="1.2")
    from socplan.planning import services

    services.measure_update(actor=coordinator, measure=measure, title="Odlehčovací služby")
    revisions = list(plan.versions.order_by("-revision").values_list("revision", flat=True))
    page = client_for(coordinator).get(
        url("planning:version_compare", plan), {"a": revisions[1], "b": revisions[0]}
    )
    assert page.status_code == 200
    assert "<del>služba</del>" in page.content.decode()
    versions = client_for(coordinator).get(url("planning:plan_versions", plan))
    assert versions.status_code == 200


def test_the_coordinator_saves_a_named_version(process, coordinator, client_for):
    plan = make_plan(process)
    count = plan.versions.count()
    client_for(coordinator).post(url("planning:plan_versions", plan), {"note": "pro ŘS"})
    assert plan.versions.count() == count + 1
    assert plan.versions.order_by("-revision").first().note == "pro ŘS"


def test_action_plan_pages(process, coordinator, client_for):
    plan = make_plan(process)
    client = client_for(coordinator)
    response = client.post(url("planning:action_plan_create", plan), {"year": "2019"})
    assert response.status_code == 302
    action = plan.action_plans.get()
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Job klub" in page and "Provoz služby" in page
    item = action.items.get(activity__title="Job klub")
    response = client.post(
        url("planning:action_item_edit", action, item_pk=item.pk),
        {"expected_outputs": "12 účastníků", "status": "not_done", "cost_2019_eu": "60000"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.expected_outputs == "12 účastníků"
    assert item.costs.get().amount == 60000
    client.post(url("planning:action_plan_create", plan), {"year": "2020"})
    ap2020 = plan.action_plans.get(year=2020)
    assert "Carry over" in client.get(ap2020.get_absolute_url()).content.decode()
    client.post(url("planning:action_plan_carry_over", ap2020))
    assert ap2020.items.filter(activity__title="Job klub", carried_over_from=item).exists()


def test_a_group_member_without_a_process_role_drafts_the_measures_of_the_group(
    process, django_user_model, client_for
):
    user = django_user_model.objects.create_user(
        email="volunteer@example.org", password="x-1234567", full_name="Dobrovolník Malý"
    )
    plan = make_plan(process)
    group = make_group(process)
    add_member(group, user)
    mine = Measure.objects.get(priority__plan=plan, code="1.1")
    mine.working_group = group
    mine.save()
    client = client_for(user)
    assert client.get(url("planning:plan_editor", plan)).status_code == 200
    assert client.get(url("planning:measure_edit", plan, measure_pk=mine.pk)).status_code == 200
    other = Measure.objects.get(priority__plan=plan, code="2.1")
    assert client.get(url("planning:measure_edit", plan, measure_pk=other.pk)).status_code == 403
    assert client.get(url("planning:plan_edit", plan)).status_code == 403
