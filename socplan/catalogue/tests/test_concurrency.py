"""200 concurrent anonymous submissions (public suggestions to the catalogue) to ``socplan
serve`` while a register import runs, on a fresh installation of the database under test
(the embedded SQLite file, or a new PostgreSQL database when DATABASE_URL points at one):
every 2xx answer has its row, and no answer is a server error (issue 10, "Checked by").

Then the job worker of the same server is killed: ``socplan serve`` starts it again.

Bounded in time: the submissions have a deadline; figures of a run are in
benchmarks/results.md."""

from __future__ import annotations

import concurrent.futures
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import uuid
from pathlib import Path

import pytest

from socplan.testing.servers import (
    REPO,
    Browser,
    child_pids,
    environment,
    forms_of,
    run_socplan,
    serving,
)

pytestmark = pytest.mark.slow  # a fresh installation and a server in subprocesses

SUBMISSIONS = 200
CLIENTS = 20  # at the same time
IMPORTED_SERVICES = 1500
MET_THE_IMPORT = 40  # submissions at least that started while the import ran
DEADLINE = 600  # seconds for all submissions (a bound, not a timing)

SCRIPT = """
import json, sys, django
django.setup()
from socplan.catalogue.models import ChangeProposal, RegistryImport, Service
if sys.argv[1] == "service":
    print(Service.objects.order_by("pk").values_list("pk", flat=True).first())
else:
    print(json.dumps({
        "messages": list(ChangeProposal.objects.values_list("message", flat=True)),
        "imports": list(RegistryImport.objects.order_by("pk").values_list("status", "added")),
    }))
"""


def _service(portal_id: int) -> dict:
    return {
        "portalId": portal_id,
        "identifikator": str(1000000 + portal_id),
        "druhSocialniSluzby": {"id": f"DruhSocialniSluzby/{3 + portal_id % 30}"},
        "poskytovatel": {"ico": f"{10000000 + portal_id % 500}", "nazev": f"Spolek {portal_id}"},
        "datumPoskytovaniOd": "2015-01-01",
        "ciloveSkupiny": [{"cilovaSkupina": {"id": "CilovaSkupinaOsoby/1"}}],
        "formy": [
            {
                "forma": {"id": "FormaSocialniSluzby/ter"},
                "kapacity": [{"typ": {"id": "TypKapacitySocialniSluzby/klient"}, "pocet": 10}],
            }
        ],
        "zarizeni": [
            {
                "nazev": f"Služba číslo {portal_id}",
                "adresa": {"obec": {"id": "Obec/548201"}, "ulice": "Hlavní", "psc": "39601"},
            }
        ],
        "telefony": [{"telefon": "565 532 111"}],
        "weby": [{"web": f"www.sluzba{portal_id}.cz"}],
    }


def _register(path: Path, count: int) -> Path:
    path.write_text(
        json.dumps({"polozky": [_service(n) for n in range(1, count + 1)]}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def database_url():
    """None (the embedded SQLite file) or a new PostgreSQL database, dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield None
        return
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"socplan_live_{uuid.uuid4().hex[:12]}"
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(parts._replace(path="/" + name))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _query(env: dict, what: str) -> str:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT, what],
        env={**env, "DJANGO_SETTINGS_MODULE": "socplan.settings"},
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _submit(base: str, path: str, token: str) -> tuple[str, tuple[int, float, float]]:
    """One anonymous visitor: opens the form, submits a suggestion; (token, (HTTP status,
    when the submission started, seconds it took))."""
    browser = Browser(base)
    try:
        form = next(f for f in forms_of(browser.get(path)) if "message" in f["fields"])
    except urllib.error.HTTPError as error:
        return token, (error.code, time.monotonic(), 0.0)
    started = time.monotonic()
    try:
        browser.post(form["action"] or path, {**form["fields"], "message": f"Oprava {token}"})
    except urllib.error.HTTPError as error:
        return token, (error.code, started, time.monotonic() - started)
    except OSError:
        return token, (0, started, time.monotonic() - started)  # no answer at all
    # (a 2xx, after the redirect to the thank-you page)
    return token, (200, started, time.monotonic() - started)


def _workers(server_pid: int) -> list[int]:
    found = []
    for pid in child_pids(server_pid):
        try:
            if b"db_worker" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            continue
    return found


def test_concurrent_submissions_while_the_register_is_imported(tmp_path, database_url):
    env = {**environment(tmp_path, database_url), "RATELIMIT_ENABLED": "0"}
    run_socplan(["migrate", "--noinput", "-v0"], tmp_path, database_url=database_url, timeout=600)
    run_socplan(
        ["import_registry", str(_register(tmp_path / "first.json", 1)), "--no-progress"],
        tmp_path,
        database_url=database_url,
        timeout=300,
    )
    run_socplan(["collectstatic", "--noinput", "-v0"], tmp_path, timeout=300)
    service = int(_query(env, "service"))
    suggest = f"/katalog/sluzby/{service}/oprava/"
    register = _register(tmp_path / "national.json", IMPORTED_SERVICES)

    with serving(tmp_path, "--workers", "2", "--no-collectstatic", env=env) as (base, server):
        importing = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "socplan", "import_registry", str(register), "--no-progress"],
            env=env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started = time.monotonic()
        ended = []

        def wait_for_the_import():
            output = importing.communicate(timeout=DEADLINE)[0]
            ended.append((output, time.monotonic()))

        waiter = threading.Thread(target=wait_for_the_import)
        waiter.start()
        tokens = [uuid.uuid4().hex for _ in range(SUBMISSIONS)]
        with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
            timed = dict(
                pool.map(lambda token: _submit(base, suggest, token), tokens, timeout=DEADLINE)
            )
        answers = {token: status for token, (status, _at, _seconds) in timed.items()}
        waits = sorted(seconds for _status, _at, seconds in timed.values())
        submitted = time.monotonic() - started
        waiter.join(DEADLINE)
        output, import_end = ended[0]
        imported = import_end - started
        met = sum(1 for _status, at, _seconds in timed.values() if at < import_end)
        assert importing.returncode == 0, output

        # the job worker of the server is started again when it dies
        workers = _workers(server.pid)
        assert len(workers) == 1
        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _workers(server.pid) in ([], workers):
            time.sleep(0.2)
        assert _workers(server.pid) not in ([], workers), "the job worker was not restarted"

    state = json.loads(_query(env, "state"))
    stored = {message.removeprefix("Oprava ") for message in state["messages"]}
    ok = [token for token, status in answers.items() if 200 <= status < 300]
    failed = {token: status for token, status in answers.items() if not 200 <= status < 300}
    print(  # the figures of benchmarks/results.md
        f"\n{'PostgreSQL' if database_url else 'SQLite'}: {SUBMISSIONS} submissions by "
        f"{CLIENTS} clients in {submitted:.1f} s, {len(ok)} answered 2xx, other answers "
        f"{sorted(failed.values())}; the import of {IMPORTED_SERVICES} services took "
        f"{imported:.1f} s; {met} submissions started while it ran; a submission took "
        f"{statistics.median(waits):.2f} s (median), "
        f"{waits[int(len(waits) * 0.95)]:.2f} s (95 %), {waits[-1]:.2f} s (longest)"
    )
    assert not [status for status in failed.values() if status >= 500 or status == 0]
    assert set(ok) <= stored  # every 2xx has its row
    assert len(state["messages"]) == len(stored)  # and only one
    assert len(ok) == SUBMISSIONS  # no limit applies here: every submission got through
    assert state["imports"][-1] == ["succeeded", IMPORTED_SERVICES - 1]
    assert met >= MET_THE_IMPORT  # the submissions met the import
