"""The catalogue booklet page (a coordinator generates, the public downloads) and the HSDS
API documentation in a real browser, with axe checks."""

import pytest
from django.urls import reverse

from socplan.organisation.models import ProcessRole
from socplan.testing.catalogue import make_catalogue

from .conftest import PASSWORD


@pytest.fixture
def coordinator(transactional_db, django_user_model, process):
    user = django_user_model.objects.create_user(
        email="coordinator@example.org", password=PASSWORD, full_name="Koordinátorka Nováková"
    )
    ProcessRole.objects.create(user=user, process=process, role=ProcessRole.Role.COORDINATOR)
    user.test_password = PASSWORD
    return user


@pytest.fixture
def immediate_jobs(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_a_coordinator_generates_the_booklet_and_the_public_downloads_it(
    page, new_context, url, process, coordinator, sign_in, immediate_jobs, assert_accessible
):
    make_catalogue()
    sign_in(page, coordinator)
    page.goto(url("documents:booklet_page", slug=process.slug))
    assert page.locator("h1").first.is_visible()
    assert page.locator("input[name=by]").count() == 2
    assert_accessible(page)

    page.locator("input[name=by][value=target_group]").check()
    page.locator("input[name=page_size][value=A4]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/ulohy/" in page.url

    public = new_context().new_page()
    public.goto(url("documents:booklet_page", slug=process.slug))
    download = reverse("documents:booklet_download", kwargs={"slug": process.slug})
    link = public.locator(f"a[href='{download}']")
    assert link.count() == 1
    assert public.locator("input[name=by]").count() == 0  # the public cannot generate
    assert_accessible(public)
    with public.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("katalog-orp-humpolec-")
    assert download.suggested_filename.endswith(".pdf")


def test_the_api_documentation_is_accessible(page, url, assert_accessible):
    page.goto(url("api:hsds_docs"))
    assert page.locator("h1").first.is_visible()
    assert page.get_by_text("GET /services", exact=True).count() == 1
    assert_accessible(page)
