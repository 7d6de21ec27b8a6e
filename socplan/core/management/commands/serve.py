import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve socplan with the production WSGI server (waitress); static files included."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        # As many threads as cores: pages are rendered in Python, so more threads than
        # cores only make requests wait for the interpreter lock (benchmarks/results.md:
        # catalogue searches p95 81 ms with 2 threads, 189 ms with 8, on 2 cores). Waitress
        # buffers responses, so slow clients do not hold a thread.
        parser.add_argument("--threads", type=int, default=max(2, os.cpu_count() or 2))
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

    def handle(self, *args, host, port, threads, no_collectstatic, no_worker, **options):
        from waitress import serve

        if not no_collectstatic:
            # Before the application starts: WhiteNoise indexes STATIC_ROOT at start-up.
            call_command("collectstatic", interactive=False, verbosity=0)

        from django.core.servers.basehttp import get_internal_wsgi_application

        application = get_internal_wsgi_application()  # settings.WSGI_APPLICATION

        self.stdout.write(
            self.style.SUCCESS(f"socplan is served on http://{host}:{port}/ (Ctrl+C stops it)")
        )
        if settings.DEBUG:
            self.stdout.write(self.style.WARNING("DEBUG is on: do not use this in production."))
        worker = None
        if not no_worker and settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
            # The embedded set-up: one worker process runs background jobs (imports, PDFs).
            worker = subprocess.Popen(
                [sys.executable, "-m", "socplan", "db_worker", "--interval", "1"]
            )
        # SIGTERM (a service manager, the tests) ends the server like Ctrl+C, so that the
        # worker is stopped too.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            serve(application, host=host, port=port, threads=threads, ident="socplan")
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
