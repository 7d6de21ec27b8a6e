"""Test support: a fresh installation in a temporary data folder and ``socplan serve`` in
subprocesses (the production server, as a service manager runs it)."""

import contextlib
import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(data_dir, database_url: str | None = None) -> dict:
    """The environment of a fresh installation in ``data_dir``: its embedded SQLite
    database, or the (empty) database of ``database_url``."""
    env = {**os.environ, "SOCPLAN_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)  # the embedded SQLite database of a fresh install
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run_socplan(args, data_dir, *, database_url: str | None = None, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "socplan", *args],
        env=environment(data_dir, database_url),
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        **kwargs,
    )


def child_pids(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat[1]) == pid:
            found.append(int(entry.name))
    return found


@contextlib.contextmanager
def serving(data_dir, *args, timeout=180, env: dict | None = None):
    """``socplan serve`` on a free port; yields ``(base_url, process)`` once it answers,
    stops it with SIGTERM afterwards (as a service manager does). ``env``: the whole
    environment (default: :func:`environment` of ``data_dir``)."""
    port = free_port()
    log_path = Path(data_dir) / f"serve-{port}.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "socplan", "serve", "--port", str(port), *args],
            env=env or environment(data_dir),
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            # Start-up collects static files and starts the job worker: on a busy machine
            # that takes a while, so wait generously (a readiness wait, not a timing).
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(base + "/pristupnost/", timeout=10):
                        break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        log.flush()
                        pytest.fail("socplan serve did not answer:\n" + log_path.read_text())
                    time.sleep(0.2)
            yield base, server
        finally:
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()


class Browser:
    """A visitor with cookies (a session) who submits forms as a browser would."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.read().decode()

    def post(self, path: str, data: dict) -> str:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=60) as response:
            return response.read().decode()

    def submit(self, path: str, changes: dict, *, having: str) -> str:
        """Opens ``path``, fills the form that has a field named ``having`` as it is shown,
        with ``changes``, and submits it (the redirect after it is followed)."""
        form = next(f for f in forms_of(self.get(path)) if having in f["fields"])
        return self.post(form["action"] or path, {**form["fields"], **changes})


def forms_of(html: str) -> list[dict]:
    """The forms of a page: their action and the values they would submit."""
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": {}})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    fields[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                fields[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            fields[name] = ""
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            fields[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea and self.forms:
            self.forms[-1]["fields"][self.textarea] += data
