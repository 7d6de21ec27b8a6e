"""Fetching the ČSÚ files for ``import_territory --download`` (core's download helper):
a local HTTP server stands in for ČSÚ, no external network."""

import http.server
import threading

import pytest

from socplan.territory import importers
from socplan.territory.importers import ImportFileError


class Handler(http.server.BaseHTTPRequestHandler):
    files = {"/obce.csv": "KODOBCE;NAZEV\n548201;Humpolec\n".encode("cp1250")}
    fail_first: set = set()

    def do_GET(self):  # noqa: N802 - the name http.server wants
        body = self.files.get(self.path)
        if body is None:
            self.send_error(404)
            return
        if self.path in self.fail_first:
            self.fail_first.discard(self.path)
            self.send_error(503)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setattr("socplan.core.downloads.RETRY_WAIT", 0)
    Handler.fail_first = {"/obce.csv"}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_the_files_are_fetched_after_a_server_error(server, tmp_path, monkeypatch):
    fetched = importers.download_files(tmp_path, urls={"obce.csv": server + "/obce.csv"})
    assert fetched == ["obce.csv"]
    assert (tmp_path / "obce.csv").read_bytes() == Handler.files["/obce.csv"]


def test_a_missing_file_is_reported_with_its_name(server, tmp_path):
    with pytest.raises(ImportFileError, match="cannot download") as caught:
        importers.download_files(tmp_path, urls={"kraje.csv": server + "/kraje.csv"})
    assert caught.value.file_name == "kraje.csv"
    assert list(tmp_path.iterdir()) == []
