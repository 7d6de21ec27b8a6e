"""The plan in the browser: the public pages pass axe; editing autosaves a draft."""

import pytest
from django.urls import reverse

from socplan.organisation.models import ProcessRole
from socplan.planning.models import Draft, Measure, Plan
from socplan.planning.tests.builders import make_plan, make_service


@pytest.fixture
def plan(process):
    plan = make_plan(process, status=Plan.Status.CONSULTATION)
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    measure.services.add(make_service())
    measure.municipalities.add(process.planning_area.municipalities.get(name="Kejžlice"))
    return plan


def _kw(plan, **extra):
    return {"slug": plan.process.slug, "pk": plan.pk, **extra}


@pytest.mark.parametrize(
    ("name", "extra", "heading_part"),
    [
        ("planning:plan_detail", {}, "Střednědobý plán"),
        ("planning:plan_target_groups", {}, ""),
        ("planning:plan_municipalities", {}, ""),
        ("planning:plan_municipality", {"code": "548120"}, "Kejžlice"),
        ("planning:plan_finance", {}, ""),
    ],
)
def test_the_public_plan_pages_are_accessible(
    page, live_server, plan, name, extra, heading_part, assert_accessible
):
    page.goto(live_server.url + reverse(name, kwargs=_kw(plan, **extra)))
    heading = page.locator("h1").first.inner_text()
    assert heading_part in heading
    assert_accessible(page)


def test_a_measure_page_links_to_the_catalogue_and_is_accessible(
    page, live_server, plan, assert_accessible
):
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    page.goto(
        live_server.url
        + reverse("planning:measure_detail", kwargs=_kw(plan, measure_pk=measure.pk))
    )
    service = measure.services.get()
    link = page.locator(
        f"main a[href='{reverse('catalogue:service_detail', kwargs={'pk': service.pk})}']"
    )
    assert link.count() == 1
    assert page.locator("main table").count() >= 1  # indicators and costs
    assert_accessible(page)


def test_the_municipality_list_leads_to_my_municipality(page, live_server, plan):
    page.goto(live_server.url + reverse("planning:plan_municipalities", kwargs=_kw(plan)))
    page.locator("main").get_by_role("link", name="Kejžlice").click()
    page.wait_for_load_state()
    assert "Zachování pečovatelské služby" in page.locator("main").inner_text()


def test_the_editor_is_accessible_and_autosaves_typed_text(
    page, live_server, process, staff, sign_in, assert_accessible
):
    ProcessRole.objects.create(user=staff, process=process, role=ProcessRole.Role.COORDINATOR)
    plan = make_plan(process)
    sign_in(page, staff)
    page.goto(live_server.url + reverse("planning:plan_editor", kwargs=_kw(plan)))
    assert page.locator("#plan-tree h2").count() == 2
    assert_accessible(page)
    # moving a measure down renumbers it (htmx swaps the tree)
    first = page.locator("#plan-tree .editor-measure h3").first
    assert first.inner_text().startswith("1.1 Zachování")
    care = Measure.objects.get(priority__plan=plan, code="1.1")
    action = reverse("planning:measure_action", kwargs=_kw(plan, measure_pk=care.pk))
    page.locator(f"form[action='{action}'] button[value=down]").click()
    page.wait_for_function(
        "() => document.querySelector('#plan-tree .editor-measure h3')"
        ".textContent.startsWith('1.1 Odlehčovací')"
    )
    measure = Measure.objects.get(priority__plan=plan, title="Odlehčovací služba")
    assert measure.code == "1.1"
    page.goto(
        live_server.url + reverse("planning:measure_edit", kwargs=_kw(plan, measure_pk=measure.pk))
    )
    assert_accessible(page)
    page.locator("#id_description").press_sequentially("Rozepsaný popis opatření")
    page.wait_for_function(
        "() => document.getElementById('autosave-status').textContent.trim().length > 0"
    )
    draft = Draft.objects.get(user=staff)
    assert draft.data["description"] == ["Rozepsaný popis opatření"]


def test_an_edit_form_opens_inline_and_saves_as_a_normal_post(
    page, live_server, process, staff, sign_in
):
    ProcessRole.objects.create(user=staff, process=process, role=ProcessRole.Role.COORDINATOR)
    plan = make_plan(process)
    priority = plan.priorities.get(code="2")
    sign_in(page, staff)
    page.goto(live_server.url + reverse("planning:plan_editor", kwargs=_kw(plan)))
    edit = reverse("planning:priority_edit", kwargs=_kw(plan, priority_pk=priority.pk))
    page.locator(f"a[href='{edit}']").click()
    inline = page.locator(f"#inline-priority-{priority.pk} form")
    inline.wait_for()
    # the keyboard focus moves into the form that appeared
    page.wait_for_function("() => document.activeElement.name === 'title'")
    assert page.url.endswith(reverse("planning:plan_editor", kwargs=_kw(plan)))
    inline.locator("input[name=title]").fill("Zaměstnanost a prevence zadlužení")
    inline.locator("button[type=submit]").click()
    page.wait_for_load_state()
    priority.refresh_from_db()
    assert priority.title == "Zaměstnanost a prevence zadlužení"
    assert "Zaměstnanost a prevence zadlužení" in page.locator("#plan-tree").inner_text()


def test_the_approved_version_during_an_amendment_is_accessible(
    page, live_server, process, assert_accessible
):
    from socplan.planning import services

    plan = make_plan(process, status=Plan.Status.APPROVED)
    services.plan_amendment_start(actor=None, plan=plan, reason="Změna")
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    services.measure_update(actor=None, measure=measure, title="Návrh změny")
    page.goto(live_server.url + reverse("planning:plan_detail", kwargs=_kw(plan)))
    main = page.locator("main").inner_text()
    assert "Zachování pečovatelské služby" in main
    assert "Návrh změny" not in main
    assert page.locator("main table").count() >= 1  # the money of the approved version
    assert_accessible(page)
