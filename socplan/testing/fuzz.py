"""What the bounded fuzz runs of the APIs share (schemathesis against the application in the
test's process): the hypothesis settings, the checks every answer must pass, and keeping the
test's database connection across the requests.

Django's WSGI handler closes the connection after each request (its test client prevents
that): on PostgreSQL that would end the test's transaction, so :func:`keeping_the_connection`
disconnects ``close_old_connections`` for the run."""

import contextlib
import os

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

# no server error; a status, content type and body the document declares
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def examples(default: int) -> int:
    """The cases per operation: ``SOCPLAN_FUZZ_EXAMPLES``, else ``default``."""
    return int(os.environ.get("SOCPLAN_FUZZ_EXAMPLES", str(default)))


def fuzz_settings(max_examples: int):
    """Hypothesis settings of a run: bounded, the same cases on every run (a failure can be
    run again), no example database."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@contextlib.contextmanager
def keeping_the_connection():
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in signals:
            signal.connect(close_old_connections)
