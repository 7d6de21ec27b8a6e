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
"""

import logging
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from socplan.core.models import Job

log = logging.getLogger(__name__)


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


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    if job.status != Job.Status.QUEUED:
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        result = import_string(job.function)(Progress(job.pk), **job.params)
    except JobFailed as exc:
        _finish(job, Job.Status.FAILED, str(exc))
    except Exception:
        log.exception("Job %s (%s) failed", job.pk, job.function)
        from django.utils.translation import gettext

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
    job.save(update_fields=["status", "message", "result", "result_file", "finished_at"])
    cache.delete(_key(job.pk))
