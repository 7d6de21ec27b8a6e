"""Heartbeats: how one process tells the others that it is still alive.

A long piece of work (a register import, the job worker) keeps a key in the cache fresh
from a thread of its own (:class:`Heartbeat`); whoever waits for it asks :func:`is_alive`.
When the process dies (killed, out of memory, the machine restarted) the key expires after
``ttl`` seconds, so what it held (an import lock, the promise that a job will run) is
released without anyone cleaning up. The cache rather than the database: a heartbeat must
get through while the work holds SQLite's write lock in a long transaction, and the cache
is shared by every process of the installation already (it carries the progress of jobs).
"""

from __future__ import annotations

import contextlib
import threading
import time

from django.core.cache import cache

INTERVAL = 15  # seconds between two beats
TTL = 90  # seconds without a beat after which the process is taken as dead


def _key(name: str) -> str:
    return f"socplan:heartbeat:{name}"


def beat(name: str, *, ttl: int = TTL) -> None:
    """Say once that ``name`` is alive (for ``ttl`` seconds)."""
    cache.set(_key(name), time.time(), ttl)


def last_beat(name: str) -> float | None:
    """The time (epoch seconds) of the last beat of ``name`` still alive, or None."""
    return cache.get(_key(name))


def is_alive(name: str) -> bool:
    return last_beat(name) is not None


def forget(name: str) -> None:
    cache.delete(_key(name))


class Heartbeat:
    """``with Heartbeat(name):`` beats every ``interval`` seconds from a daemon thread
    while the block runs, and forgets ``name`` at its end. Failures of the cache are
    ignored (the next beat tries again)."""

    def __init__(self, name: str, *, interval: float = INTERVAL, ttl: int = TTL):
        self.name = name
        self.interval = interval
        self.ttl = ttl
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            with contextlib.suppress(Exception):  # a missed beat is retried
                beat(self.name, ttl=self.ttl)

    def __enter__(self) -> Heartbeat:
        beat(self.name, ttl=self.ttl)
        self._thread = threading.Thread(
            target=self._run, name=f"socplan-heartbeat-{self.name}", daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 1)
        with contextlib.suppress(Exception):  # it expires anyway
            forget(self.name)
