"""Test set-up shared by every test, in socplan/ and in tests/.

- The personas and test defaults (``socplan.core.personas``).
- Each test process has its own SQLite test database (concurrent runs, xdist workers).
- ``demo``: the demo (``load_demo``) built once and shared read-only by the tests that read it.
- ``shared_data``: the real national files in ``../shared/data``; tests skip without them.
"""

import copy

import pytest

pytest_plugins = ["socplan.core.personas"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """Each test process gets its own SQLite test database, in its own temporary folder.

    The settings name one file (``var/test.sqlite3``): two runs in the same working tree (two
    developers, or the workers of ``pytest -n``) would delete each other's database. On
    PostgreSQL pytest-django already gives each xdist worker its own database
    (``test_<name>_gw0``, ...)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("database", numbered=True)
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


# --- The shared demo -------------------------------------------------------------------------
#
# ``load_demo`` takes seconds (hundreds of objects, real PDFs). Tests that only need the demo
# to be there take the ``demo`` fixture instead of calling it: the demo is loaded once into a
# transaction that stays open while consecutive ``demo`` tests run (each test in its own
# savepoint, as always, so what a test changes is rolled back), and is rolled back before any
# other test runs. The ``demo`` tests are run one after another (and on one xdist worker), so
# the demo is built once per run. A test about loading the demo itself calls ``load_demo``.

DEMO_FIXTURE = "demo"
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

        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic._from_testcase = True  # code under test may still use durable atomics
            self.atomic.__enter__()
            with override_settings(**self.settings()):
                self.report = load_demo()

    def close(self):
        from django.db import transaction

        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None

    def settings(self):
        return {"LIBRARY_ROOT": self.files / "library", "MEDIA_ROOT": self.files / "media"}


def _uses_demo(item) -> bool:
    return item is not None and DEMO_FIXTURE in getattr(item, "fixturenames", ())


@pytest.fixture(scope="session")
def _shared_demo(request, django_db_setup, django_db_blocker, tmp_path_factory):
    state = SharedDemo(django_db_blocker, tmp_path_factory.mktemp("demo-files"))
    request.config.stash[_SHARED_DEMO] = state
    state.open()
    yield state
    state.close()


_SHARED_DEMO = pytest.StashKey[SharedDemo]()


@pytest.fixture
def demo(_shared_demo, db, settings):
    """The demo, loaded once and shared: returns the report of that first ``load_demo``."""
    for name, value in _shared_demo.settings().items():
        setattr(settings, name, value)
    return copy.deepcopy(_shared_demo.report)


def pytest_collection_modifyitems(config, items):
    # The demo tests run one after another (after the others), on one xdist worker.
    demo_items = [item for item in items if _uses_demo(item)]
    if not demo_items:
        return
    others = [item for item in items if not _uses_demo(item)]
    for item in demo_items:
        item.add_marker(pytest.mark.xdist_group(DEMO_GROUP))
    items[:] = others + demo_items


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
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
