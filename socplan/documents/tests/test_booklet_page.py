"""The catalogue booklet page of a process: who may see, generate and download it."""

import pytest
from django.urls import reverse

from socplan.core.models import Job
from socplan.documents.pdf import pdf_text
from socplan.organisation.models import ProcessRole
from socplan.testing.catalogue import make_catalogue
from socplan.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db


def page_url(process):
    return reverse("documents:booklet_page", kwargs={"slug": process.slug})


def download_url(process):
    return reverse("documents:booklet_download", kwargs={"slug": process.slug})


def test_the_page_of_a_published_process_is_public(process, personas, client_for):
    for persona in PERSONAS:
        response = client_for(personas[persona]).get(page_url(process))
        assert response.status_code == 200, persona
        can_generate = "Generate the booklet" in response.content.decode()
        assert can_generate == (persona in ("coordinator", "staff")), persona


def test_an_unpublished_process_has_no_booklet_page_for_outsiders(
    unpublished_process, personas, client_for, django_user_model
):
    allowed = {"region_staff", "staff"}
    for persona in PERSONAS:
        status = client_for(personas[persona]).get(page_url(unpublished_process)).status_code
        assert status == (200 if persona in allowed else 404), persona
        status = client_for(personas[persona]).get(download_url(unpublished_process)).status_code
        assert status == 404, persona  # nothing generated yet, or not visible


def test_only_coordinators_and_staff_generate_a_booklet(process, personas, client_for):
    make_catalogue()
    data = {"by": "kind", "page_size": "A5"}
    for persona in PERSONAS:
        response = client_for(personas[persona]).post(page_url(process), data)
        if persona in ("coordinator", "staff"):
            assert response.status_code == 302, persona
            assert response["Location"].startswith("/ulohy/"), persona
        elif persona == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login"))
        else:
            assert response.status_code == 403, persona
    assert Job.objects.filter(status=Job.Status.SUCCEEDED).count() == 2


def test_a_generated_booklet_is_offered_to_everybody(process, coordinator, client_for, personas):
    make_catalogue()
    client = client_for(coordinator)
    response = client.post(page_url(process), {"by": "target_group", "page_size": "A4"})
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.params["by"] == "target_group"
    assert response["Location"] == job.get_absolute_url()
    for persona in PERSONAS:
        response = client_for(personas[persona]).get(download_url(process))
        assert response.status_code == 200, persona
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
    pdf = b"".join(client_for(None).get(download_url(process)).streaming_content)
    assert "Senioři" in pdf_text(pdf)
    page = client_for(None).get(page_url(process)).content.decode()
    assert "Download the booklet (PDF)" in page
    assert "Chapters by target group." in page


def test_the_latest_booklet_of_the_process_is_offered(process, coordinator, client_for):
    make_catalogue()
    client = client_for(coordinator)
    client.post(page_url(process), {"by": "kind", "page_size": "A5"})
    client.post(page_url(process), {"by": "target_group", "page_size": "A5"})
    page = client_for(None).get(page_url(process)).content.decode()
    assert "Chapters by target group." in page


def test_a_bad_choice_is_refused_and_starts_nothing(process, coordinator, client_for):
    response = client_for(coordinator).post(page_url(process), {"by": "colour", "page_size": "A3"})
    assert response.status_code == 400
    assert Job.objects.count() == 0
    assert 'id="id_by_0"' in response.content.decode()


def test_a_failed_job_says_why(process, coordinator, client_for):
    # no catalogue at all: the job fails with a clear message, nothing is offered
    client = client_for(coordinator)
    response = client.post(page_url(process), {"by": "kind", "page_size": "A5"})
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "no active service" in job.message
    assert client.get(response["Location"]).status_code == 200
    assert client.get(download_url(process)).status_code == 404


def test_the_process_page_links_to_the_booklet(process, client_for):
    response = client_for(None).get(process.get_absolute_url())
    assert page_url(process) in response.content.decode()


def test_a_coordinator_of_another_process_cannot_generate(
    process, unpublished_process, coordinator, client_for
):
    ProcessRole.objects.filter(user=coordinator).delete()
    ProcessRole.objects.create(
        user=coordinator, process=unpublished_process, role=ProcessRole.Role.COORDINATOR
    )
    response = client_for(coordinator).post(page_url(process), {"by": "kind", "page_size": "A5"})
    assert response.status_code == 403


def test_the_demo_booklet_command_generates_the_booklet_of_demo_processes_once(
    process, client, settings, tmp_path
):
    import io

    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    make_catalogue()
    process.is_demo = True
    process.save(update_fields=["is_demo"])
    assert "No booklet has been generated yet." in client.get(page_url(process)).content.decode()

    call_command("demo_booklet", stdout=io.StringIO())

    response = client.get(download_url(process))
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF") and pdf_text(pdf).strip()
    (job,) = Job.objects.all()
    assert job.params["process_id"] == process.pk and job.params["by"] == "kind"
    assert "Download the booklet (PDF)" in client.get(page_url(process)).content.decode()
    call_command("demo_booklet", stdout=io.StringIO())  # a second run: nothing new
    assert Job.objects.filter(status=Job.Status.SUCCEEDED).count() == 1
