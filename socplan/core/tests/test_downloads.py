"""The download helper against a local HTTP server (no external network): a cut connection
is resumed with Range, a failing server is retried, a client error is not."""

import http.server
import threading

import pytest

from socplan.core.downloads import DownloadError, download

BODY = bytes(range(256)) * 400  # 100 kB


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    cut_first = 0  # so many requests are cut half way through
    fail_first = 0  # so many requests answer 503
    honour_range = True
    requests: list = []

    def do_GET(self):  # noqa: N802 - the name http.server wants
        cls = type(self)
        cls.requests.append(self.headers.get("Range"))
        if self.path != "/file.bin":
            self.send_error(404)
            return
        if cls.fail_first:
            cls.fail_first -= 1
            self.send_error(503)
            return
        start = 0
        if self.headers.get("Range") and cls.honour_range:
            start = int(self.headers["Range"].split("=")[1].rstrip("-"))
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(BODY) - 1}/{len(BODY)}")
        else:
            self.send_response(200)
        data = BODY[start:]
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if cls.cut_first:
            cls.cut_first -= 1
            self.wfile.write(data[: len(data) // 2])  # the connection drops half way
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Handler.cut_first = 0
    Handler.fail_first = 0
    Handler.honour_range = True
    Handler.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_whole_file_arrives(server, tmp_path):
    path = download(server + "/file.bin", tmp_path / "file.bin", retry_wait=0)
    assert path == tmp_path / "file.bin"
    assert path.read_bytes() == BODY
    assert Handler.requests == [None]


def test_a_cut_connection_is_resumed_where_it_stopped(server, tmp_path):
    Handler.cut_first = 2
    path = download(server + "/file.bin", tmp_path / "file.bin", retry_wait=0)
    assert path.read_bytes() == BODY
    assert Handler.requests[0] is None
    assert Handler.requests[1] == f"bytes={len(BODY) // 2}-"
    assert Handler.requests[2] == f"bytes={len(BODY) // 2 + len(BODY) // 4}-"
    assert len(Handler.requests) == 3
    assert list(tmp_path.iterdir()) == [tmp_path / "file.bin"]  # no .part left


def test_a_server_that_ignores_the_range_sends_the_file_again(server, tmp_path):
    Handler.cut_first = 1
    Handler.honour_range = False
    path = download(server + "/file.bin", tmp_path / "file.bin", retry_wait=0)
    assert path.read_bytes() == BODY


def test_a_failing_server_is_retried(server, tmp_path):
    Handler.fail_first = 2
    path = download(server + "/file.bin", tmp_path / "file.bin", retry_wait=0)
    assert path.read_bytes() == BODY
    assert len(Handler.requests) == 3


def test_it_gives_up_after_the_attempts_and_leaves_nothing(server, tmp_path):
    Handler.fail_first = 10
    with pytest.raises(DownloadError) as caught:
        download(server + "/file.bin", tmp_path / "file.bin", attempts=3, retry_wait=0)
    assert len(Handler.requests) == 3
    assert caught.value.url == server + "/file.bin"
    assert list(tmp_path.iterdir()) == []


def test_it_gives_up_on_a_cut_connection_after_the_attempts(server, tmp_path):
    Handler.cut_first = 10
    with pytest.raises(DownloadError):
        download(server + "/file.bin", tmp_path / "file.bin", attempts=2, retry_wait=0)
    assert list(tmp_path.iterdir()) == []


def test_a_client_error_is_not_retried(server, tmp_path):
    with pytest.raises(DownloadError) as caught:
        download(server + "/missing.bin", tmp_path / "x.bin", retry_wait=0)
    assert Handler.requests == [None]
    assert "Not Found" in str(caught.value.reason)
    assert list(tmp_path.iterdir()) == []


def test_nobody_listening_is_retried_then_reported(tmp_path):
    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    port = httpd.server_address[1]
    httpd.server_close()  # the port is free again: connections are refused
    with pytest.raises(DownloadError):
        download(f"http://127.0.0.1:{port}/file.bin", tmp_path / "f", attempts=2, retry_wait=0)
    assert list(tmp_path.iterdir()) == []
