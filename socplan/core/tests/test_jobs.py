import pytest
from django.urls import reverse

from socplan.core.jobs import JobFailed, JobResult, job_start
from socplan.core.models import Job

pytestmark = pytest.mark.django_db


def succeeding_job(progress, *, name):
    progress(1, 2)
    return JobResult(
        message=f"Hello {name}", data={"n": 1}, file_name="hello.txt", file_content=b"hello"
    )


def failing_job(progress):
    raise JobFailed("The file is not JSON.")


def crashing_job(progress):
    raise RuntimeError("boom")


def test_it_runs_a_job_and_keeps_its_result_and_file(coordinator, client_for):
    job = job_start(
        function="socplan.core.tests.test_jobs.succeeding_job",
        title="Greeting",
        params={"name": "Humpolec"},
        user=coordinator,
    )
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.message == "Hello Humpolec"
    assert job.result == {"n": 1}
    page = client_for(coordinator).get(job.get_absolute_url())
    assert b"Hello Humpolec" in page.content
    download = client_for(coordinator).get(reverse("core:job_file", kwargs={"pk": job.pk}))
    assert b"".join(download.streaming_content) == b"hello"


def test_it_records_a_failure_with_the_message_for_the_user(coordinator):
    job = job_start(
        function="socplan.core.tests.test_jobs.failing_job", title="x", user=coordinator
    )
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "The file is not JSON."


def test_it_hides_the_details_of_an_unexpected_error(coordinator):
    job = job_start(
        function="socplan.core.tests.test_jobs.crashing_job", title="x", user=coordinator
    )
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "boom" not in job.message


def test_only_the_starter_and_staff_see_a_job(coordinator, member, staff, client_for):
    job = job_start(
        function="socplan.core.tests.test_jobs.failing_job", title="x", user=coordinator
    )
    assert client_for(member).get(job.get_absolute_url()).status_code == 403
    assert client_for(staff).get(job.get_absolute_url()).status_code == 200
    assert client_for(None).get(job.get_absolute_url()).status_code == 302


def test_a_wrong_function_path_fails_at_once(coordinator):
    with pytest.raises(ImportError):
        job_start(function="socplan.core.tests.test_jobs.missing", title="x")
    assert not Job.objects.exists()
