"""A first public download of a plan document that is not kept yet (issue 16, "Documents"):
one background job makes it while the address answers "being prepared" (202, reloading
itself without JavaScript); once the job has run the same address serves the file. Without a
worker alive the document is made in the request, as before."""

import pytest
from django.test import override_settings
from django.urls import reverse

from socplan.core import jobs, liveness
from socplan.core.models import Job
from socplan.documents.plan import PREPARE_JOB_FUNCTION
from socplan.planning import services
from socplan.planning.models import Plan
from socplan.planning.tests.builders import make_plan

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def plan(process, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    plan = make_plan(process)
    services.plan_status_set(actor=None, plan=plan, status=Plan.Status.CONSULTATION)
    return plan


@pytest.fixture
def worker():
    """A job worker is alive (its heartbeat), jobs wait in the database queue."""
    liveness.beat(jobs.WORKER_HEARTBEAT)
    with override_settings(TASKS=DATABASE_QUEUE):
        yield
    liveness.forget(jobs.WORKER_HEARTBEAT)


def _url(plan, format):
    return reverse(
        "documents:plan_document_download",
        kwargs={"slug": plan.process.slug, "pk": plan.pk, "format": format},
    )


def _kept(tmp_path, suffix):
    return list((tmp_path / "plan-documents").glob(f"*.{suffix}"))


def test_it_prepares_the_document_in_one_job_and_then_serves_it(plan, worker, client, tmp_path):
    url = _url(plan, "docx")
    first = client.get(url)
    assert first.status_code == 202
    assert first["Retry-After"] == "5"
    assert "no-store" in first["Cache-Control"]
    page = first.content.decode()
    assert "The document is being prepared" in page
    assert '<meta http-equiv="refresh" content="5">' in page
    assert f'href="{url}"' in page  # try again, without JavaScript
    job = Job.objects.get()
    assert job.function == PREPARE_JOB_FUNCTION and job.status == Job.Status.QUEUED
    assert job.params["format"] == "docx" and job.created_by is None
    assert _kept(tmp_path, "docx") == []

    second = client.get(url)  # a reload (or another visitor) starts no second job
    assert second.status_code == 202
    assert Job.objects.count() == 1

    jobs.run_job.call(job.pk)  # the worker runs it
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert not job.result_file  # the file is kept for the download address, not the job
    assert len(_kept(tmp_path, "docx")) == 1

    third = client.get(url)
    assert third.status_code == 200
    assert third["Content-Disposition"].endswith('-v1.docx"')
    assert b"".join(third.streaming_content).startswith(b"PK")
    assert Job.objects.count() == 1


def test_another_format_or_a_changed_plan_is_another_job(plan, worker, client):
    client.get(_url(plan, "docx"))
    client.get(_url(plan, "pdf"))
    assert Job.objects.count() == 2
    services.plan_status_set(actor=None, plan=plan, status=Plan.Status.DRAFT)
    services.plan_update(actor=None, plan=plan, introduction="Nový úvod plánu.")
    services.plan_status_set(actor=None, plan=plan, status=Plan.Status.CONSULTATION)
    client.get(_url(plan, "docx"))
    assert Job.objects.count() == 3


def test_the_page_stops_reloading_on_request(plan, worker, client):
    page = client.get(_url(plan, "pdf") + "?obnovovat=ne")
    assert page.status_code == 202
    assert 'http-equiv="refresh"' not in page.content.decode()
    assert 'href="' + _url(plan, "pdf") + '?obnovovat=ne"' not in page.content.decode()


def test_a_failed_preparation_is_not_started_again_at_once(plan, worker, client, monkeypatch):
    from socplan.documents import typeset

    client.get(_url(plan, "pdf"))
    job = Job.objects.get()

    def broken(document):
        raise RuntimeError("typesetting failed")

    monkeypatch.setattr(typeset, "typeset_pdf", broken)
    jobs.run_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    page = client.get(_url(plan, "pdf"))
    assert page.status_code == 503
    assert "could not be prepared" in page.content.decode()
    assert 'http-equiv="refresh"' not in page.content.decode()
    assert Job.objects.count() == 1


def test_a_job_whose_worker_died_fails_and_is_tried_again_later(plan, worker, client):
    import datetime

    from django.utils import timezone

    from socplan.documents.views import PREPARE_FAILED_PAUSE

    client.get(_url(plan, "pdf"))
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    Job.objects.update(status=Job.Status.RUNNING, created_at=long_ago, started_at=long_ago)
    # no heartbeat of the running job: it is failed (an out-of-memory death may come back)
    assert client.get(_url(plan, "pdf")).status_code == 503
    assert list(Job.objects.values_list("status", flat=True)) == [Job.Status.FAILED]
    Job.objects.update(
        finished_at=timezone.now() - datetime.timedelta(seconds=PREPARE_FAILED_PAUSE + 1)
    )
    assert client.get(_url(plan, "pdf")).status_code == 202
    assert list(Job.objects.order_by("pk").values_list("status", flat=True)) == [
        Job.Status.FAILED,
        Job.Status.QUEUED,
    ]


@override_settings(TASKS=DATABASE_QUEUE)
def test_without_a_worker_the_document_is_made_in_the_request(plan, client, tmp_path):
    liveness.forget(jobs.WORKER_HEARTBEAT)  # runserver: no worker
    response = client.get(_url(plan, "docx"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")
    assert Job.objects.count() == 0
    assert len(_kept(tmp_path, "docx")) == 1


def test_concurrent_callers_start_one_job():
    """The look and the start are one serialised transaction; called again while the job
    waits, the same job comes back."""
    with override_settings(TASKS=DATABASE_QUEUE):
        params = {"plan_id": 1, "format": "pdf", "language": "cs", "key": "abc"}
        first, started = jobs.job_start_once(
            function=PREPARE_JOB_FUNCTION, title="x", params=params
        )
        again, started_again = jobs.job_start_once(
            function=PREPARE_JOB_FUNCTION, title="x", params=dict(params)
        )
        other, started_other = jobs.job_start_once(
            function=PREPARE_JOB_FUNCTION, title="x", params={**params, "key": "def"}
        )
    assert started and not started_again and started_other
    assert again == first and other != first


def test_the_demo_keeps_its_plan_documents_so_the_first_download_is_immediate(
    plan, worker, client, tmp_path
):
    import io

    from django.core.management import call_command

    plan.process.is_demo = True
    plan.process.save(update_fields=["is_demo"])
    out = io.StringIO()
    call_command("demo_booklet", stdout=out, stderr=io.StringIO())
    assert "-v1.pdf is kept" in out.getvalue()
    assert len(_kept(tmp_path, "pdf")) == 1 and len(_kept(tmp_path, "docx")) == 1
    for format in ("pdf", "docx"):
        assert client.get(_url(plan, format)).status_code == 200
    assert not Job.objects.filter(function=PREPARE_JOB_FUNCTION).exists()
    out = io.StringIO()
    call_command("demo_booklet", stdout=out, stderr=io.StringIO())  # nothing made again
    assert "is kept" not in out.getvalue()


def test_the_page_speaks_czech(plan, worker, client, settings):
    settings.LANGUAGE_CODE = "cs"
    page = client.get(_url(plan, "pdf"), HTTP_ACCEPT_LANGUAGE="cs").content.decode()
    assert "<h1>Dokument se připravuje</h1>" in page
    assert "každých 5 sekund" in page and "Zkusit znovu" in page


@pytest.mark.django_db(transaction=True)
def test_callers_in_parallel_threads_start_one_job():
    """Eight requests at the same moment (threads with their own database connections; on
    SQLite the test database in memory is one shared connection, so PostgreSQL only)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; SQLite serialises its writers anyway")
    barrier = threading.Barrier(8)
    started = []

    def request():
        try:
            barrier.wait()
            _job, new = jobs.job_start_once(
                function=PREPARE_JOB_FUNCTION, title="x", params={"plan_id": 1, "key": "k"}
            )
            started.append(new)
        finally:
            connections.close_all()

    with override_settings(TASKS=DATABASE_QUEUE):
        threads = [threading.Thread(target=request) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(started) == [False] * 7 + [True]
    assert Job.objects.count() == 1
