"""The "suggest a correction" form and the coordinators' review of a proposal in a real
browser, with axe checks."""

import pytest

from socplan.catalogue import review
from socplan.catalogue.models import ChangeProposal, ProviderEditor
from socplan.catalogue.tests.review_helpers import make_service
from socplan.organisation.models import ProcessRole
from socplan.testing.mail import sent_mail

from .conftest import PASSWORD


@pytest.fixture
def service(area):
    return make_service()


@pytest.fixture
def coordinator(transactional_db, django_user_model, process):
    user = django_user_model.objects.create_user(
        email="coordinator@example.org", password=PASSWORD, full_name="Koordinátorka Nováková"
    )
    ProcessRole.objects.create(user=user, process=process, role=ProcessRole.Role.COORDINATOR)
    user.test_password = PASSWORD
    return user


def test_the_suggestion_form_is_accessible_and_sends_a_suggestion(
    page, url, service, coordinator, sign_in, assert_accessible
):
    page.goto(url("catalogue:service_suggest", pk=service.pk))
    assert page.locator("h1").first.is_visible()
    assert not page.locator("input[name=website]").is_visible()  # the honeypot
    assert_accessible(page)

    # an empty message: the error summary, focusable links, nothing stored
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".form-errors").is_visible()
    assert_accessible(page)
    assert not ChangeProposal.objects.exists()

    page.locator("textarea[name=message]").fill("Změnilo se telefonní číslo.")
    page.locator("input[name=email]").fill("petr@example.org")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/sluzby/{service.pk}/oprava/dekujeme/")
    proposal = ChangeProposal.objects.get()
    assert proposal.proposer_email == "petr@example.org"

    # the coordinator corrects the entry while accepting the suggestion
    sign_in(page, coordinator)
    page.goto(url("catalogue:review_detail", pk=proposal.pk))
    assert page.get_by_text("Změnilo se telefonní číslo.").is_visible()
    assert_accessible(page)
    page.locator("textarea[name='fix-opening_hours']").fill("Po–Pá 8–16")
    page.locator("form:has(input[value=accept]) button[type=submit]").click()
    page.wait_for_load_state()
    service.refresh_from_db()
    assert service.opening_hours == "Po–Pá 8–16"


def test_the_review_of_a_proposal_is_accessible(
    page, url, service, coordinator, sign_in, django_user_model, assert_accessible, settings
):
    # The e-mail job runs in the live server right after the commit (no worker here).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    editor = django_user_model.objects.create_user(email="editor@example.org", password=PASSWORD)
    ProviderEditor.objects.create(user=editor, provider=service.provider)
    proposal = review.change_proposal_submit(
        service=service,
        proposed={"opening_hours": "Po–Pá 8–16", "accessibility": "Bezbariérový vstup"},
        proposed_by=editor,
    )
    sign_in(page, coordinator)
    page.goto(url("catalogue:review_queue"))
    assert_accessible(page)
    page.locator(f"a[href$='/kontrola/{proposal.pk}/']").click()
    page.wait_for_load_state()
    assert page.locator(".review-diff ins").count() >= 2
    assert_accessible(page)

    page.locator("form:has(input[value=reject]) button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".form-errors").is_visible()  # a reason is required
    assert_accessible(page)
    page.locator("textarea[name='reject-reason']").fill("Otevírací doba se nemění.")
    page.locator("form:has(input[value=reject]) button[type=submit]").click()
    page.wait_for_load_state()
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.REJECTED
    assert "Otevírací doba se nemění." in sent_mail()[-1].body
