"""Every download of a generated document, tried with every persona."""

import pytest
from django.urls import reverse

from socplan.organisation import services_minutes
from socplan.organisation.tests.minutes_builders import make_structure
from socplan.organisation.tests.structure_builders import facilitated_structure, make_meeting
from socplan.planning import services
from socplan.planning.models import Plan
from socplan.planning.tests.builders import make_plan
from socplan.testing.personas import PERSONAS, assert_only_allowed

pytestmark = pytest.mark.django_db

READERS = ["member", "methodologist", "region_staff", "coordinator", "staff"]
FACILITATORS = ["methodologist", "coordinator", "staff"]


def test_the_minutes_pdf_of_an_internal_meeting_is_for_its_readers(
    process, member, methodologist, coordinator, personas, client_for
):
    s = make_structure(process, member=member, methodologist=methodologist)
    services_minutes.minutes_save(meeting=s.meeting, actor=coordinator, summary="Interní zápis")
    url = reverse("documents:minutes_pdf", kwargs={"slug": process.slug, "pk": s.meeting.pk})
    assert_only_allowed(url, READERS, personas, client_for)


def test_the_attendance_sheet_is_for_those_who_manage_the_meeting(
    process, member, methodologist, personas, client_for
):
    internal, _ = facilitated_structure(process, methodologist=methodologist, member=member)
    meeting = make_meeting(process, internal, title="Porada seniorů")
    url = reverse(
        "documents:meeting_attendance_sheet", kwargs={"slug": process.slug, "pk": meeting.pk}
    )
    assert_only_allowed(url, FACILITATORS, personas, client_for)


@pytest.fixture
def plan(process):
    return make_plan(process)


def test_the_plan_document_is_for_internal_personas(plan, personas, client_for):
    url = reverse("documents:plan_document", kwargs={"slug": plan.process.slug, "pk": plan.pk})
    for persona in ("anonymous", "nobody", "other_region_staff", "member"):
        response = client_for(personas[persona]).post(url, {"format": "docx"})
        if persona == "anonymous":
            assert response["Location"].startswith(reverse("accounts:login"))
        elif persona == "member":
            assert response.status_code == 302
            assert "/ulohy/" in response["Location"]
        else:
            assert response.status_code == 403, persona


def _download(plan, fmt="pdf"):
    return reverse(
        "documents:plan_document_download",
        kwargs={"slug": plan.process.slug, "pk": plan.pk, "format": fmt},
    )


def test_the_public_downloads_the_document_of_a_public_plan(
    plan, personas, client_for, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    # a draft: nobody downloads it here (people of the process make it as a job)
    assert_only_allowed(_download(plan, "docx"), [], personas, client_for)
    services.plan_status_set(actor=None, plan=plan, status=Plan.Status.CONSULTATION)
    for persona in PERSONAS:
        response = client_for(personas[persona]).get(_download(plan, "docx"))
        assert response.status_code == 200, persona
        assert "attachment" in response["Content-Disposition"]
    assert client_for(personas["anonymous"]).get(_download(plan, "odt")).status_code == 404


def test_nobody_downloads_the_draft_of_an_amendment(plan, personas, client_for, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    services.plan_status_set(
        actor=None,
        plan=plan,
        status=Plan.Status.APPROVED,
    )
    services.plan_amendment_start(actor=None, plan=plan, reason="Změna")
    assert_only_allowed(_download(plan), [], personas, client_for)


def test_every_document_url_reaches_the_documents_app():
    """No page of another app shadows a download (they share /procesy/<slug>/...)."""
    from django.urls import get_resolver, resolve

    from socplan.documents import urls

    kwargs = {"slug": "p", "pk": 1, "format": "pdf", "year": 2020}
    for pattern in urls.urlpatterns:
        names = pattern.pattern.converters
        url = reverse(f"documents:{pattern.name}", kwargs={k: kwargs[k] for k in names})
        assert resolve(url).namespace == "documents", url
    assert get_resolver()  # the project's URL configuration loads
