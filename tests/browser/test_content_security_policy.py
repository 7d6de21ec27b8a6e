"""The pages satisfy their Content-Security-Policy: chromium reports no violation (console
and ``securitypolicyviolation`` events) on the main public and editing pages, with the map,
htmx and the in-place editor at work."""

import pytest
from django.urls import reverse

from socplan.catalogue.tests import public_helpers as h
from socplan.organisation.models import ProcessRole
from socplan.planning.models import Measure, Plan
from socplan.planning.tests.builders import make_plan

# Recorded from the first script of each document on (CDP, not subject to the policy).
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') +
    ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
});
"""


@pytest.fixture
def watched(new_context):
    """A page whose CSP violations are collected: returns (page, check)."""
    context = new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def check():
        events = page.evaluate("() => window.__cspViolations || []")
        assert events == [], f"{page.url}: {events}"
        assert console == [], f"{page.url}: {console}"

    return page, check


def test_the_policy_is_sent(page, url):
    response = page.goto(url("home:index"))
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_the_public_pages_cause_no_violation(watched, url, process, area):
    page, check = watched
    h.catalogue()
    h.life_situation("Senior potřebuje pomoc doma", kinds=[h.CARE_SERVICE], groups=[h.SENIORS])
    plan = make_plan(process, status=Plan.Status.CONSULTATION)
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    service_pk = h.Service.objects.order_by("pk").values_list("pk", flat=True).first()
    kw = {"slug": process.slug, "pk": plan.pk}
    for address in [
        url("home:index"),
        url("organisation:process_detail", process.slug),
        url("territory:area_detail", area.slug),
        url("catalogue:home"),
        url("catalogue:home") + "?q=senior",
        url("catalogue:service_detail", pk=service_pk),
        url("catalogue:shortlist"),
        url("planning:plan_detail", **kw),
        url("planning:measure_detail", measure_pk=measure.pk, **kw),
        url("accounts:login"),
        url("core:accessibility"),
        url("home:index") + "no-such-page/",
    ]:
        page.goto(address)
        page.wait_for_load_state("load")
        check()
    # the map really ran under the policy
    page.goto(url("territory:area_detail", area.slug))
    page.locator("#area-map.leaflet-container").wait_for()
    check()


def test_the_plan_editor_causes_no_violation(watched, live_server, process, staff, sign_in):
    page, check = watched
    ProcessRole.objects.create(user=staff, process=process, role=ProcessRole.Role.COORDINATOR)
    plan = make_plan(process)
    priority = plan.priorities.get(code="2")
    sign_in(page, staff)
    kw = {"slug": process.slug, "pk": plan.pk}
    page.goto(live_server.url + reverse("planning:plan_editor", kwargs=kw))
    check()
    # the in-place editor (htmx) opens and takes the focus without an inline handler
    edit = reverse("planning:priority_edit", kwargs={**kw, "priority_pk": priority.pk})
    page.locator(f"a[href='{edit}']").click()
    page.locator(f"#inline-priority-{priority.pk} form").wait_for()
    page.wait_for_function("() => document.activeElement.name === 'title'")
    measure = Measure.objects.filter(priority__plan=plan).first()
    page.goto(
        live_server.url + reverse("planning:measure_edit", kwargs={**kw, "measure_pk": measure.pk})
    )
    page.locator("#id_description").press_sequentially("Text")
    page.wait_for_function(
        "() => document.getElementById('autosave-status').textContent.trim().length > 0"
    )
    check()
