import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def default_workers() -> int:
    """One server process per core this process may run on (at least two): pages are
    rendered in Python, and one process renders one page at a time per core whatever its
    threads (the interpreter lock). benchmarks/results.md: one waitress process served
    catalogue searches at a third of a trivial page's rate on 2 cores."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(2, cores)


class Command(BaseCommand):
    help = (
        "Serve socplan with the production WSGI server (gunicorn: one process per core); "
        "static files included."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Server processes (default: one per core, at least two).",
        )
        # A second thread per process lets it read the next request (or finish sending a
        # file to a slow client) while the first one renders; more threads than that only
        # make requests wait for the interpreter lock (benchmarks/results.md).
        parser.add_argument(
            "--threads", type=int, default=2, help="Threads of each server process (default 2)."
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=120,
            help="Seconds a request may take before its process is restarted.",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the background job worker beside the server.",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="Do not collect static files before serving.",
        )

    def handle(
        self, *args, host, port, workers, threads, timeout, no_collectstatic, no_worker, **options
    ):
        from django.core.servers.basehttp import get_internal_wsgi_application

        from socplan.core.server import GunicornServer, WorkerSupervisor

        if not no_collectstatic:
            # Before the application starts: WhiteNoise indexes STATIC_ROOT at start-up.
            call_command("collectstatic", interactive=False, verbosity=0)
        workers = workers or default_workers()
        application = get_internal_wsgi_application()  # settings.WSGI_APPLICATION

        self.stdout.write(
            self.style.SUCCESS(
                f"socplan is served on http://{host}:{port}/ by {workers} processes "
                "(Ctrl+C stops it)"
            )
        )
        if settings.DEBUG:
            self.stdout.write(self.style.WARNING("DEBUG is on: do not use this in production."))
        self.stdout.flush()
        worker = None
        if not no_worker and settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
            # The embedded set-up: one worker process runs background jobs (imports, PDFs),
            # started again (with a growing pause) whenever it ends.
            worker = WorkerSupervisor(
                [sys.executable, "-m", "socplan", "db_worker", "--interval", "1"]
            )
            worker.start()
        main_pid = os.getpid()

        def stop_worker() -> None:
            # only in the main process: the server's processes are forked from it and leave
            # through the same frames when they end
            if worker is not None and os.getpid() == main_pid:
                worker.stop()

        bind = f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"
        # SIGTERM (a service manager, the tests) and Ctrl+C stop the server's processes
        # gracefully (gunicorn's main process handles both), then the job worker.
        try:
            GunicornServer(
                application,
                {
                    "bind": [bind],
                    "workers": workers,
                    "threads": threads,
                    "worker_class": "gthread" if threads > 1 else "sync",
                    "timeout": timeout,
                    "graceful_timeout": 20,
                    "proc_name": "socplan",
                    "on_exit": lambda server: stop_worker(),
                },
            ).run()
        finally:
            stop_worker()
