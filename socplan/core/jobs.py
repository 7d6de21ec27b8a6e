"""Background jobs: work a user starts from the web and watches (imports, PDF documents).

A job function is a plain function ``func(progress: Progress, **params) -> JobResult``
living in an app's ``jobs.py`` or ``services.py``; the same function is called directly
by the command line. :func:`job_start` records a :class:`~socplan.core.models.Job` and
hands it to the queue of django-tasks (its database backend and ``socplan serve``'s
worker in the embedded set-up, any other backend by setting ``TASKS``). "Task" is the
library's word only: in socplan a task is a meeting task, background work is a job.

Progress goes through the cache, not the database: a job that works inside one long
transaction (an import that must leave the old data intact when it fails) could not make
its progress visible otherwise. The final state is written to the Job row.

Liveness (:func:`job_check_liveness`, run whenever the job's page asks): the job worker
beats :data:`WORKER_HEARTBEAT` and a running job beats its own heartbeat
(:mod:`socplan.core.liveness`). A job whose worker died meanwhile (killed, out of memory)
or that has run longer than ``settings.JOB_TIME_LIMIT`` seconds is marked failed; a
queued job whose worker has not been alive for a while says so on its page instead of
waiting there for ever.
"""

import datetime
import hashlib
import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django_tasks import task

from socplan.core import liveness
from socplan.core.models import Job

log = logging.getLogger(__name__)

WORKER_HEARTBEAT = "job-worker"  # beaten by every job worker (core's db_worker command)
JOB_START_GRACE = 60  # seconds before a missing heartbeat counts (a job, a worker)
DEFAULT_JOB_TIME_LIMIT = 6 * 3600  # seconds a job may run (settings.JOB_TIME_LIMIT)
LOCKED_RETRIES = 30  # "database is locked": tries of a job's own writes, a second apart


@dataclass
class JobResult:
    """What a job function returns: a message for the user (in their language), data for
    the result page and optionally a file to download."""

    message: str = ""
    data: dict = field(default_factory=dict)
    file_name: str = ""
    file_content: bytes = b""


class JobFailed(Exception):
    """Raised by a job function with a message for the user; the job ends as failed."""


class Progress:
    """Reports how far a job has got. ``Progress.none()`` discards reports (used when a
    function runs outside a job, e.g. from tests)."""

    def __init__(self, job_id: int | None, *, min_interval: float = 0.5):
        self.job_id = job_id
        self.min_interval = min_interval
        self._last = 0.0

    @classmethod
    def none(cls) -> "Progress":
        return cls(None)

    def __call__(self, done: int, total: int | None = None, note: str = "") -> None:
        if self.job_id is None:
            return
        now = time.monotonic()
        if now - self._last < self.min_interval and (total is None or done < total):
            return
        self._last = now
        cache.set(_key(self.job_id), {"done": done, "total": total, "note": str(note)}, 86400)


def _key(job_id: int) -> str:
    return f"socplan:job-progress:{job_id}"


def job_progress(job: Job) -> dict:
    """``{"done", "total", "note", "percent"}`` of a running job (empty when unknown)."""
    data = cache.get(_key(job.pk)) or {}
    if data.get("total"):
        data["percent"] = min(100, round(100 * data["done"] / data["total"]))
    return data


def job_start(*, function: str, title: str, params: dict | None = None, user=None) -> Job:
    """Record a job and enqueue it. ``function`` is the dotted path of a job function."""
    import_string(function)  # fail now, not in the worker, when the path is wrong
    job = Job.objects.create(
        function=function,
        title=str(title)[:255],
        params=params or {},
        created_by=user if user is not None and user.is_authenticated else None,
    )
    run_job.enqueue(job.pk)
    return job


def job_start_once(
    *,
    function: str,
    title: str,
    params: dict,
    user=None,
    failed_pause: int = 0,
) -> tuple[Job, bool]:
    """Start a job unless one of the same function and the same ``params`` is waiting or
    running (or failed less than ``failed_pause`` seconds ago): returns (the job, whether
    it was started now). Callers at the same moment start one job between them: the look
    and the start are one transaction, serialised (SQLite's immediate transactions, an
    advisory lock of the function and parameters on PostgreSQL). A running job whose worker
    died is failed first (:func:`job_check_liveness`) and then replaced."""
    same = Job.objects.filter(
        function=function, **{f"params__{name}": value for name, value in params.items()}
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            digest = hashlib.blake2b(
                f"{function}:{sorted(params.items())}".encode(), digest_size=8
            ).digest()
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)]
                )
        unfinished = same.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).first()
        if unfinished is not None:
            job_check_liveness(unfinished)
            if not unfinished.is_finished:
                return unfinished, False
        if failed_pause:
            since = timezone.now() - datetime.timedelta(seconds=failed_pause)
            last = same.filter(finished_at__isnull=False).order_by("-finished_at").first()
            if last is not None and last.status == Job.Status.FAILED and last.finished_at > since:
                return last, False
        return job_start(function=function, title=title, params=params, user=user), True


def jobs_run_in_background() -> bool:
    """Whether a job started now is run by a worker in the background: with the database
    queue only while a job worker is alive (``runserver`` starts none); the immediate
    backend runs it at once inside the request and the dummy backend never."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_db"):
        return liveness.is_alive(WORKER_HEARTBEAT)
    return not backend.startswith(
        ("django_tasks.backends.immediate", "django_tasks.backends.dummy")
    )


def is_locked(error: BaseException) -> bool:
    """SQLite's "database is locked" (or "busy"): another connection writes; wait."""
    text = str(error).lower()
    return isinstance(error, OperationalError) and ("locked" in text or "busy" in text)


def retry_locked(function, *, attempts: int = LOCKED_RETRIES, pause: float = 1.0):
    """``function()``, tried again while the database is locked (a long import on SQLite
    holds the write lock longer than the busy timeout)."""
    for attempt in range(attempts):
        try:
            return function()
        except OperationalError as error:
            if not is_locked(error) or attempt == attempts - 1:
                raise
            log.warning("The database is locked; trying again (%s)", attempt + 1)
            time.sleep(pause)
    return None


def _job_heartbeat(job_id: int) -> str:
    return f"job-{job_id}"


def _uses_worker() -> bool:
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db")


def job_check_liveness(job: Job) -> dict:
    """Bring the state of an unfinished job up to date: a running job whose heartbeat has
    stopped (its worker died) or that has run longer than the time limit is marked
    failed (``job`` is refreshed). Returns ``{"no_worker": True}`` for a queued job that no
    worker has been alive to start for a while."""
    if job.is_finished:
        return {}
    now = timezone.now()
    grace = now - datetime.timedelta(seconds=JOB_START_GRACE)
    if job.status == Job.Status.RUNNING and job.started_at:
        limit = getattr(settings, "JOB_TIME_LIMIT", DEFAULT_JOB_TIME_LIMIT)
        message = None
        if job.started_at < now - datetime.timedelta(seconds=limit):
            message = gettext(
                "The job ran far longer than it may (%(hours)s hours) and was stopped."
            ) % {"hours": round(limit / 3600, 1)}
        elif job.started_at < grace and not liveness.is_alive(_job_heartbeat(job.pk)):
            message = gettext(
                "The job stopped without finishing: the process that ran it ended (it was "
                "stopped, ran out of memory or the server restarted). Start it again."
            )
        if message:
            Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
                status=Job.Status.FAILED, message=message, finished_at=now
            )
            cache.delete(_key(job.pk))
            job.refresh_from_db()
        return {}
    if (
        job.status == Job.Status.QUEUED
        and _uses_worker()
        and job.created_at < grace
        and not liveness.is_alive(WORKER_HEARTBEAT)
    ):
        return {"no_worker": True}
    return {}


@task()
def run_job(job_id: int) -> None:
    job = retry_locked(lambda: Job.objects.get(pk=job_id))
    if job.status != Job.Status.QUEUED:
        return
    retry_locked(
        lambda: Job.objects.filter(pk=job.pk).update(
            status=Job.Status.RUNNING, started_at=timezone.now()
        )
    )
    try:
        with liveness.Heartbeat(_job_heartbeat(job.pk)):
            result = import_string(job.function)(Progress(job.pk), **job.params)
    except JobFailed as exc:
        _finish(job, Job.Status.FAILED, str(exc))
    except Exception:
        log.exception("Job %s (%s) failed", job.pk, job.function)
        _finish(job, Job.Status.FAILED, gettext("The job failed with an unexpected error."))
    else:
        result = result or JobResult()
        job.result = result.data
        if result.file_name:
            job.result_file.save(result.file_name, ContentFile(result.file_content), save=False)
        _finish(job, Job.Status.SUCCEEDED, result.message)


def _finish(job: Job, status: str, message: str) -> None:
    job.status = status
    job.message = message
    job.finished_at = timezone.now()
    retry_locked(
        lambda: job.save(
            update_fields=["status", "message", "result", "result_file", "finished_at"]
        )
    )
    cache.delete(_key(job.pk))
