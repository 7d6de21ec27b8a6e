import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from socplan import compile_messages

REPO = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_socplan(args, data_dir, **kwargs):
    env = {**os.environ, "SOCPLAN_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)  # the embedded SQLite database of a fresh install
    return subprocess.run(
        [sys.executable, "-m", "socplan", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        **kwargs,
    )


def test_it_generates_a_secret_key_once_into_the_data_dir(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    env = {
        **os.environ,
        "SOCPLAN_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "socplan.settings",
    }
    env.pop("SECRET_KEY", None)
    first = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    second = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    assert len(first) >= 50
    assert first == second
    assert (tmp_path / "secret_key").read_text().strip() == first
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_it_compiles_translations_without_gettext(tmp_path):
    po_dir = tmp_path / "cs" / "LC_MESSAGES"
    po_dir.mkdir(parents=True)
    (po_dir / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Sign in"\nmsgstr "Přihlásit se"\n',
        encoding="utf-8",
    )

    written = compile_messages.compile_all(tmp_path)

    assert written == [po_dir / "django.mo"]
    import gettext

    with open(po_dir / "django.mo", "rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Sign in") == "Přihlásit se"


@pytest.mark.slow  # a fresh install end to end: migrate, load_demo, serve in subprocesses
@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs the embedded SQLite set-up; covered in the SQLite run",
)
def test_it_serves_the_demo_with_several_processes_of_the_production_server(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from socplan.testing.servers import child_pids, serving

    _run_socplan(["migrate", "--noinput", "-v0"], tmp_path, timeout=300)
    _run_socplan(["load_demo", "--quiet-logins"], tmp_path, timeout=300)
    with serving(tmp_path, "--workers", "2") as (base, server):
        with urllib.request.urlopen(base + "/", timeout=30) as response:
            page = response.read().decode()
            headers = response.headers
        assert "Komunitní plán sociálních služeb v ORP Humpolec" in page
        assert headers["Server"] == "gunicorn"  # not the development server
        with urllib.request.urlopen(base + "/static/socplan/css/socplan.css") as response:
            assert response.status == 200
            assert "--c-primary" in response.read().decode()
        # two server processes and the job worker beside them, all serving at once
        children = child_pids(server.pid)
        commands = {pid: Path(f"/proc/{pid}/cmdline").read_bytes() for pid in children}
        workers = [pid for pid, command in commands.items() if b"db_worker" not in command]
        assert len(workers) == 2, commands
        assert len(children) == 3, commands

        def fetch(_n):
            with urllib.request.urlopen(base + "/katalog/?q=senior", timeout=60) as response:
                return response.status

        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(fetch, range(16))) == {200}
    # SIGTERM stopped the server's processes and the job worker
    deadline = time.monotonic() + 20
    while any(Path(f"/proc/{pid}").exists() for pid in children):
        assert time.monotonic() < deadline, "processes left behind"
        time.sleep(0.2)


def test_it_chooses_the_number_of_server_processes_from_the_cores(monkeypatch):
    from socplan.core.management.commands import serve

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert serve.default_workers() == 4
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert serve.default_workers() == 2


def test_it_reads_the_smtp_server_from_email_url(monkeypatch):
    from socplan import settings as project_settings

    monkeypatch.setenv("EMAIL_URL", "smtp+tls://kpss%40example.cz:tajne%21@smtp.example.cz:587")
    config = project_settings._email_settings()

    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("smtp.example.cz", 587)
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == (
        "kpss@example.cz",
        "tajne!",
    )
    assert config["EMAIL_USE_TLS"] and not config["EMAIL_USE_SSL"]

    monkeypatch.delenv("EMAIL_URL")
    assert project_settings._email_settings() == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }
