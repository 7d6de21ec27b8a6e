"""``socplan db_worker``: django-tasks-db's worker, kept alive and visible.

The same options as django-tasks-db's command (this one takes its name, core being listed
before django_tasks_db). Besides:

- it beats :data:`socplan.core.jobs.WORKER_HEARTBEAT` while it runs, so a job's page can
  tell when no worker is alive (:func:`socplan.core.jobs.job_check_liveness`);
- "database is locked" (SQLite while a long import writes) never ends it: it waits and
  tries again, with a growing pause, instead of dying with the queue left unserved.
"""

import logging
import time

from django.db import OperationalError, close_old_connections
from django_tasks_db.management.commands import db_worker

from socplan.core import liveness
from socplan.core.jobs import WORKER_HEARTBEAT, is_locked

log = logging.getLogger(__name__)

MAX_PAUSE = 30  # seconds between two tries while the database stays locked


class Worker(db_worker.Worker):
    def run(self) -> None:
        pause = 1.0
        while True:
            try:
                super().run()
                return
            except OperationalError as error:
                if not is_locked(error) or not self.running:
                    raise
                log.warning("The database is locked; the job worker tries again in %s s", pause)
                close_old_connections()
                time.sleep(pause)
                pause = min(pause * 2, MAX_PAUSE)


class Command(db_worker.Command):
    help = db_worker.Command.help + " (socplan: with a heartbeat; waits out a locked database)"

    def handle(self, *args, **options) -> None:
        original = db_worker.Worker
        db_worker.Worker = Worker  # the parent's handle() builds its worker by this name
        try:
            with liveness.Heartbeat(WORKER_HEARTBEAT):
                super().handle(*args, **options)
        finally:
            db_worker.Worker = original
