"""The register import page (catdata) in a real browser, with axe checks."""

import pytest

from socplan.catalogue.models import RegistryImport
from socplan.catalogue.tests.registry_helpers import SAMPLE
from socplan.core.models import Job


@pytest.mark.shared_data("registry/rpss-sample.json")
def test_the_import_page_is_accessible_and_starts_a_job(
    page, url, staff, sign_in, assert_accessible
):
    RegistryImport.objects.create(file_name="rpss.json", status="succeeded", added=83)
    sign_in(page, staff)
    page.goto(url("catalogue:registry_imports"))
    assert page.locator("h1").first.is_visible()
    assert page.locator("main table").get_by_text("rpss.json").is_visible()
    assert_accessible(page)

    # neither a file nor the download: the error summary, nothing started
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".form-errors").is_visible()
    assert_accessible(page)
    assert not Job.objects.exists()

    page.locator("input[type=file]").set_input_files(str(SAMPLE))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    job = Job.objects.get()
    assert page.url.endswith(job.get_absolute_url())
    assert job.params["file_name"] == "rpss-sample.json"


def test_the_local_service_form_is_accessible(page, url, area, staff, sign_in, assert_accessible):
    from socplan.catalogue.services import load_codelists

    load_codelists()
    sign_in(page, staff)
    page.goto(url("catalogue:local_service_create", slug=area.slug))
    assert page.locator("h1").first.is_visible()
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".form-errors").is_visible()
    assert_accessible(page)

    page.locator("input[name=name]").fill("Klub seniorů")
    page.locator("select[name=municipality]").select_option(index=1)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/katalog/oblast/{area.slug}/mistni-sluzby/")
    assert (
        page.locator("main table").get_by_role("link", name="Klub seniorů", exact=True).is_visible()
    )
    assert_accessible(page)
