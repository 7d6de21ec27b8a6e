"""The "being prepared" page of a first public download of a plan document (issue 16): in
Czech, accessible (axe), reloading itself without JavaScript until the file is kept."""

import pytest
from django.test import override_settings

from socplan.core import jobs, liveness
from socplan.planning import services
from socplan.planning.models import Plan
from socplan.planning.tests.builders import make_plan


@pytest.fixture
def public_plan(transactional_db, process, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    plan = make_plan(process)
    services.plan_status_set(actor=None, plan=plan, status=Plan.Status.CONSULTATION)
    liveness.beat(jobs.WORKER_HEARTBEAT)  # a job worker is alive: the job waits for it
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield plan
    liveness.forget(jobs.WORKER_HEARTBEAT)


def test_the_preparing_page_is_accessible_and_reloads_without_javascript(
    new_context, url, public_plan, assert_accessible
):
    address = url(
        "documents:plan_document_download",
        slug=public_plan.process.slug,
        pk=public_plan.pk,
        format="pdf",
    )
    page = new_context(java_script_enabled=False).new_page()
    response = page.goto(address)
    assert response.status == 202
    assert page.locator("main h1").inner_text() == "Dokument se připravuje"
    assert page.locator('meta[http-equiv="refresh"]').get_attribute("content") == "5"
    page.get_by_role("link", name="Vypnout automatické obnovování").click()
    page.wait_for_load_state()
    assert page.locator('meta[http-equiv="refresh"]').count() == 0

    checked = new_context().new_page()  # axe needs JavaScript
    checked.goto(address + "?obnovovat=ne")
    assert_accessible(checked)
