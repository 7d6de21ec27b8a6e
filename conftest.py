"""Test set-up shared by every test, in socplan/ and in tests/.

- The personas and test defaults (``socplan.testing.personas``).
- Each test process has its own SQLite test database, in memory (parallel runs and workers).
- ``shared_demo``: the demo (``load_demo``) built once, shared read-only by tests that read it.
- ``shared_data``: the real national files in ``../shared/data``; tests skip without them.
"""

import copy
import warnings

import pytest

from socplan.testing import shared_data as shared_data_files

pytest_plugins = ["socplan.testing.personas"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite each test process has its own test database, in memory.

    The settings name one file (``var/test.sqlite3``): two runs in the same working tree (two
    developers, or the workers of ``pytest -n``) would delete each other's database; and a
    database in memory spares the disk (about 15 % of the suite's CPU time). The live server
    of the browser tests shares the connection (pytest-django does that for SQLite in memory).
    On PostgreSQL pytest-django gives each xdist worker its own database (``test_<name>_gw0``).
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = ":memory:"
        # ... whose one connection the live server's threads then share: one request at a time
        from socplan.testing.liveserver import serialise_live_server

        serialise_live_server()


# --- The real national files (../shared/data) ------------------------------------------------


@pytest.fixture(scope="session")
def shared_data():
    """The folder ``../shared/data`` (ČSÚ, RPSS, HSDS files); skips the test without it."""
    return shared_data_files.require()


# --- The shared demo -------------------------------------------------------------------------
#
# ``load_demo`` takes seconds (hundreds of objects, real PDFs). Tests that only need the demo
# to be there take the ``shared_demo`` fixture instead of calling it: the demo is loaded once
# into a transaction that stays open while consecutive ``shared_demo`` tests run (each test in
# its own savepoint, as always, so what a test changes is rolled back), and is rolled back
# before any other test runs. The ``shared_demo`` tests run one after another, at the end and
# on one xdist worker, so the demo is built once per run. Tests of loading the demo itself
# (a first load into an empty database, its output) call ``load_demo``.

DEMO_FIXTURE = "shared_demo"
DEMO_GROUP = "shared-demo"


class SharedDemo:
    def __init__(self, blocker, files):
        self.blocker = blocker
        self.files = files  # the demo's uploaded files (library PDFs, ...)
        self.atomic = None
        self.report = None

    def open(self):
        from django.db import transaction
        from django.test import override_settings

        from socplan.core.demo import load_demo
        from socplan.testing.personas import settings_for_tests

        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic._from_testcase = True  # code under test may still use durable atomics
            self.atomic.__enter__()
            try:
                # the same settings as inside a test (the immediate job backend, ...)
                with override_settings(**settings_for_tests(), **self.settings()):
                    self.report = load_demo()
            except BaseException:
                self.close()
                raise

    def close(self):
        from django.db import transaction

        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None

    def settings(self):
        return {
            "LIBRARY_ROOT": self.files / "library",
            "MEDIA_ROOT": self.files / "media",
            "PRIVATE_ROOT": self.files / "private",
        }


def _uses_demo(item) -> bool:
    return item is not None and DEMO_FIXTURE in getattr(item, "fixturenames", ())


@pytest.fixture(scope="session")
def _shared_demo_state(request, django_db_setup, django_db_blocker, tmp_path_factory):
    state = SharedDemo(django_db_blocker, tmp_path_factory.mktemp("demo-files"))
    state.open()
    request.config.stash[_SHARED_DEMO] = state
    yield state
    state.close()


_SHARED_DEMO = pytest.StashKey[SharedDemo]()


@pytest.fixture
def shared_demo(request, _shared_demo_state, db, settings):
    """The demo, loaded once and shared: returns the report of that first ``load_demo``.
    Only for tests inside a transaction (``db``): a live server or ``transactional_db`` would
    not see the demo, and would empty the database under it."""
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames)
    if transactional or (marker and marker.kwargs.get("transaction")):
        pytest.fail("shared_demo cannot serve a transactional test: call load_demo() there")
    for name, value in _shared_demo_state.settings().items():
        setattr(settings, name, value)
    return copy.deepcopy(_shared_demo_state.report)


def pytest_itemcollected(item):
    # `make test` runs with `--dist loadgroup`: the tests of one group run on one worker.
    if _uses_demo(item):
        item.add_marker(pytest.mark.xdist_group(DEMO_GROUP))
    elif _uses_module_fixture(item):
        # e.g. the national territory imported once for a module: once, not once per worker
        item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


def _uses_module_fixture(item) -> bool:
    """Whether the test uses a fixture of its module (not of a plugin) set up once per module."""
    info = getattr(item, "_fixtureinfo", None)
    return info is not None and any(
        definitions[-1].scope in {"module", "package", "class"}
        and definitions[-1].baseid  # "" for plugins (pytest-django's class fixture, ...)
        and not name.startswith("_")
        for name, definitions in info.name2fixturedefs.items()
    )


@pytest.hookimpl(trylast=True)  # after pytest-django has sorted the tests
def pytest_collection_modifyitems(config, items):
    # The demo tests run one after another: all of them where the first one stands (among the
    # tests in a transaction, which pytest-django puts before the transactional ones).
    demo_items = [item for item in items if _uses_demo(item)]
    if (
        demo_items
        and getattr(config.option, "loadgroup", False)
        and "@" not in demo_items[0].nodeid
    ):
        warnings.warn(  # correct still, but each worker may load the demo more than once
            pytest.PytestWarning("pytest-xdist did not group the shared_demo tests (#1386)"),
            stacklevel=1,
        )
    if demo_items:
        first = items.index(demo_items[0])
        others = [item for item in items if not _uses_demo(item)]
        items[:] = others[:first] + demo_items + others[first:]
    # The slowest single tests first, so that parallel workers do not wait for one at the end.
    slow = [item for item in items if item.get_closest_marker("slow")]
    items[:] = slow + [item for item in items if not item.get_closest_marker("slow")]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    for mark in item.iter_markers("shared_data"):
        reason = shared_data_files.missing(*mark.args)
        if reason:
            pytest.skip(reason)
    state = item.config.stash.get(_SHARED_DEMO, None)
    if state is not None and state.atomic is None and _uses_demo(item):
        state.open()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    state = item.config.stash.get(_SHARED_DEMO, None)
    if state is not None and state.atomic is not None and not _uses_demo(nextitem):
        state.close()
    return result
