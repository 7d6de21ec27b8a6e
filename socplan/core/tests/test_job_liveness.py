"""Jobs that never hang (issue 10, "Jobs and the server"): a job whose worker died is shown
failed, a job that ran far too long is failed, a queued job tells when no worker is alive,
the worker waits out a locked database, and ``socplan serve`` starts its worker again."""

import datetime
import sys
import time

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone

from socplan.core import jobs, liveness
from socplan.core.management.commands import db_worker
from socplan.core.models import Job
from socplan.core.server import WorkerSupervisor

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _job(user, *, status=Job.Status.QUEUED, age=0, started=None) -> Job:
    job = Job.objects.create(function="x.y", title="Brožura katalogu", created_by=user)
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=status,
        created_at=now - datetime.timedelta(seconds=age),
        started_at=None if started is None else now - datetime.timedelta(seconds=started),
    )
    job.refresh_from_db()
    return job


def test_a_running_job_whose_worker_died_is_shown_failed(coordinator, client_for):
    job = _job(coordinator, status=Job.Status.RUNNING, age=300, started=300)  # no heartbeat
    page = client_for(coordinator).get(job.get_absolute_url())
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.finished_at is not None
    assert "process that ran it ended" in job.message
    assert "process that ran it ended" in page.content.decode()


def test_a_running_job_with_a_heartbeat_stays_running(coordinator, client_for):
    job = _job(coordinator, status=Job.Status.RUNNING, age=300, started=300)
    liveness.beat(jobs._job_heartbeat(job.pk))
    client_for(coordinator).get(job.get_absolute_url())
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING
    liveness.forget(jobs._job_heartbeat(job.pk))


@override_settings(JOB_TIME_LIMIT=3600)
def test_a_job_that_ran_far_too_long_is_failed(coordinator):
    job = _job(coordinator, status=Job.Status.RUNNING, age=7300, started=7200)
    liveness.beat(jobs._job_heartbeat(job.pk))  # even though still beating
    jobs.job_check_liveness(job)
    assert job.status == Job.Status.FAILED
    assert "far longer" in job.message
    liveness.forget(jobs._job_heartbeat(job.pk))


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_queued_job_says_when_no_worker_is_alive(coordinator, client_for):
    job = _job(coordinator, age=600)
    liveness.forget(jobs.WORKER_HEARTBEAT)
    page = client_for(coordinator).get(job.get_absolute_url()).content.decode()
    assert "No job worker has been running" in page
    liveness.beat(jobs.WORKER_HEARTBEAT)
    page = client_for(coordinator).get(job.get_absolute_url()).content.decode()
    assert "No job worker has been running" not in page
    liveness.forget(jobs.WORKER_HEARTBEAT)
    fresh = _job(coordinator, age=5)  # just queued: the worker has a moment to pick it up
    assert jobs.job_check_liveness(fresh) == {}


def test_a_running_job_beats_and_stops_beating_when_done(coordinator):
    seen = []

    def spy(progress):
        seen.append(liveness.is_alive(jobs._job_heartbeat(progress.job_id)))
        return jobs.JobResult(message="ok")

    sys.modules[__name__].spy_job = spy
    job = jobs.job_start(function=f"{__name__}.spy_job", title="x", user=coordinator)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert seen == [True]
    assert not liveness.is_alive(jobs._job_heartbeat(job.pk))


def test_writes_of_a_job_wait_out_a_locked_database(monkeypatch):
    monkeypatch.setattr(jobs.time, "sleep", lambda seconds: None)
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("database is locked")
        return "written"

    assert jobs.retry_locked(flaky) == "written"
    assert len(calls) == 3
    with pytest.raises(OperationalError, match="no such table"):
        jobs.retry_locked(lambda: (_ for _ in ()).throw(OperationalError("no such table")))


def test_the_worker_does_not_die_on_a_locked_database(monkeypatch):
    """The worker loop meets "database is locked" twice, waits, and goes on serving."""
    monkeypatch.setattr(db_worker.time, "sleep", lambda seconds: None)
    runs = []

    def run(self):
        runs.append(1)
        if len(runs) < 3:
            raise OperationalError("database is locked")

    monkeypatch.setattr(db_worker.db_worker.Worker, "run", run)
    worker = db_worker.Worker(
        queue_names=["default"],
        interval=1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    worker.run()
    assert len(runs) == 3
    monkeypatch.setattr(
        db_worker.db_worker.Worker,
        "run",
        lambda self: (_ for _ in ()).throw(OperationalError("disk I/O error")),
    )
    with pytest.raises(OperationalError, match="disk I/O"):
        worker.run()  # any other error still ends it (the supervisor starts a new one)


def test_the_worker_command_beats_while_it_runs(monkeypatch):
    seen = []

    def handle(self, *args, **options):
        seen.append(liveness.is_alive(jobs.WORKER_HEARTBEAT))
        seen.append(db_worker.db_worker.Worker is db_worker.Worker)

    monkeypatch.setattr(db_worker.db_worker.Command, "handle", handle)
    db_worker.Command().handle()
    assert seen == [True, True]
    assert not liveness.is_alive(jobs.WORKER_HEARTBEAT)
    assert db_worker.db_worker.Worker is not db_worker.Worker  # put back


def test_the_supervisor_starts_a_dying_worker_again_with_a_growing_pause(tmp_path):
    marker = tmp_path / "starts"
    # a worker that records its start and dies at once
    command = [
        sys.executable,
        "-c",
        f"open({str(marker)!r}, 'a').write('x'); raise SystemExit(3)",
    ]
    supervisor = WorkerSupervisor(command, min_pause=0.2, max_pause=0.8, poll=0.05)
    supervisor.start()
    try:
        deadline = time.monotonic() + 30
        while supervisor.starts < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        supervisor.stop()
    assert supervisor.starts >= 4
    assert marker.read_text().count("x") >= 3


def test_the_supervisor_stops_its_worker(tmp_path):
    supervisor = WorkerSupervisor([sys.executable, "-c", "import time; time.sleep(60)"])
    supervisor.start()
    process = supervisor.process
    assert process.poll() is None
    supervisor.stop(timeout=10)
    assert process.poll() is not None
    starts = supervisor.starts
    time.sleep(0.7)
    assert supervisor.starts == starts  # not started again after a stop
