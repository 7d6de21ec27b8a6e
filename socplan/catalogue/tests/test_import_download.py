"""Downloading the register (catdata): a local HTTP server stands in for data.mpsv.cz."""

import http.server
import threading

import pytest
from django.core.management import CommandError, call_command

from socplan.catalogue import importers
from socplan.catalogue.importers import RegistryFileError
from socplan.catalogue.models import RegistryImport, Service

from .registry_helpers import SAMPLE, SAMPLE_NAME

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data(SAMPLE_NAME)]


class Handler(http.server.BaseHTTPRequestHandler):
    body = b""
    break_first = False
    requests: list = []

    def do_GET(self):  # noqa: N802 - the name http.server wants
        cls = type(self)
        cls.requests.append(self.headers.get("Range"))
        if self.path != "/rpss.json":
            self.send_error(404)
            return
        start = 0
        if self.headers.get("Range"):
            start = int(self.headers["Range"].split("=")[1].rstrip("-"))
            self.send_response(206)
        else:
            self.send_response(200)
        data = cls.body[start:]
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if cls.break_first and start == 0:
            cls.break_first = False
            self.wfile.write(data[: len(data) // 2])  # the connection drops half way
            return
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(monkeypatch):
    Handler.body = SAMPLE.read_bytes()
    Handler.break_first = False
    Handler.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    monkeypatch.setattr(importers, "REGISTRY_URL", base + "/rpss.json")
    monkeypatch.setattr(importers, "REGISTRY_SCHEMA_URL", base + "/rpss.schema.json")
    yield base
    httpd.shutdown()
    httpd.server_close()


def test_a_broken_download_is_resumed(server, tmp_path):
    Handler.break_first = True
    path = importers.download(server + "/rpss.json", tmp_path / "rpss.json")
    assert path.read_bytes() == Handler.body
    assert Handler.requests[0] is None and Handler.requests[1].startswith("bytes=")
    assert not (tmp_path / "rpss.json.part").exists()


def test_a_failed_download_leaves_no_file(server, tmp_path):
    with pytest.raises(RegistryFileError, match="Cannot download"):
        importers.download(server + "/missing.json", tmp_path / "x.json")
    assert list(tmp_path.iterdir()) == []


def test_the_command_downloads_and_imports(server, capsys):
    call_command("import_registry", "--download", "--no-progress")
    assert Service.objects.count() == 83
    assert RegistryImport.objects.get().file_name.endswith("/rpss.json")
    with pytest.raises(CommandError):
        call_command("import_registry", str(SAMPLE), "--download")
