"""The production server of ``socplan serve``: gunicorn with the application loaded once in
its main process and forked into the server processes."""

import logging
import subprocess
import threading
import time

from gunicorn.app.base import BaseApplication

log = logging.getLogger(__name__)


class WorkerSupervisor:
    """Runs a job worker process (``command``) beside the server and starts it again
    whenever it ends, after a pause that doubles with each quick failure (from
    ``min_pause`` up to ``max_pause`` seconds) and starts small again once the worker ran
    for ``stable`` seconds. A thread of the calling process watches it; :meth:`stop`
    ends both."""

    def __init__(
        self,
        command: list[str],
        *,
        min_pause: float = 1.0,
        max_pause: float = 60.0,
        stable: float = 60.0,
        poll: float = 0.5,
    ):
        self.command = command
        self.min_pause = min_pause
        self.max_pause = max_pause
        self.stable = stable
        self.poll = poll
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._spawn()
        self._thread = threading.Thread(
            target=self._watch, name="socplan-worker-supervisor", daemon=True
        )
        self._thread.start()

    def _spawn(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            self.process = subprocess.Popen(self.command)  # noqa: S603 - our own command
            self.starts += 1
            self.started_at = time.monotonic()

    def _watch(self) -> None:
        pause = self.min_pause
        while not self._stopping.wait(self.poll):
            process = self.process
            if process is None or process.poll() is None:
                continue
            ran = time.monotonic() - self.started_at
            if ran >= self.stable:
                pause = self.min_pause
            log.error(
                "The job worker ended (exit code %s after %.0f s); starting it again in %.0f s",
                process.returncode,
                ran,
                pause,
            )
            if self._stopping.wait(pause):
                return
            self._spawn()
            pause = min(pause * 2, self.max_pause)

    def stop(self, timeout: float = 10) -> None:
        self._stopping.set()
        with self._lock:
            process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=self.poll + 1)


def _before_fork(server, worker) -> None:
    """Nothing open is shared between processes: a database connection or a cache client
    the main process opened (the application's start-up) is closed before each fork, and
    each server process opens its own."""
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    for cache in caches.all(initialized_only=True):
        cache.close()


class GunicornServer(BaseApplication):
    """gunicorn configured from ``options`` (gunicorn's setting names) instead of its
    command line and configuration files."""

    def __init__(self, application, options: dict):
        self.application = application
        self.options = {
            "preload_app": True,
            "pre_fork": _before_fork,
            "accesslog": None,
            "errorlog": "-",
            **options,
        }
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)
        if "control_socket_disable" in self.cfg.settings:
            # gunicorn 24+: no control socket in the home folder (shared by every server
            # of the same user; nothing here uses it)
            self.cfg.set("control_socket_disable", True)

    def load(self):
        return self.application
