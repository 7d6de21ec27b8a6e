"""Downloading a file over HTTP for an importer: resumed with HTTP Range when the
connection breaks, retried when the server fails, and complete or not there at all.

The file is written next to the destination (``<name>.part``) and renamed only when it is
complete, so that a half-read file is never imported. Client errors (4xx) are not retried.
"""

import http.client
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

ATTEMPTS = 4
TIMEOUT = 120  # seconds without data before an attempt gives up
RETRY_WAIT = 1.0  # seconds before the second attempt after an attempt that got nothing;
# doubled for each further one (an attempt that got some bytes is resumed at once)
CHUNK = 1024 * 1024


class DownloadError(OSError):
    """The file could not be downloaded; nothing is left at the destination."""

    def __init__(self, url: str, reason):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


def _content_range_start(value: str | None) -> int | None:
    """The first byte of ``Content-Range: bytes START-END/TOTAL`` (None when unreadable)."""
    if not value or not value.startswith("bytes "):
        return None
    try:
        return int(value[len("bytes ") :].split("-", 1)[0])
    except ValueError:
        return None


def download(
    url: str,
    destination: Path,
    *,
    attempts: int = ATTEMPTS,
    timeout: float = TIMEOUT,
    retry_wait: float | None = None,
    user_agent: str = "socplan",
) -> Path:
    """Download ``url`` to ``destination`` (a file path) and return it.

    A transfer that breaks is resumed from where it stopped (``Range``); if the server
    ignores the range, the download starts again. Raises :class:`DownloadError` after
    ``attempts`` failed attempts, or at once on a client error (HTTP 4xx)."""
    destination = Path(destination)
    partial = destination.with_name(destination.name + ".part")
    partial.unlink(missing_ok=True)
    last_error: Exception | None = None
    wait = RETRY_WAIT if retry_wait is None else retry_wait
    for attempt in range(attempts):
        offset = partial.stat().st_size if partial.exists() else 0
        headers = {"User-Agent": user_agent}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                expected = response.headers.get("Content-Length")
                start = _content_range_start(response.headers.get("Content-Range"))
                if offset and (response.status != 206 or start not in (None, offset)):
                    offset = 0  # the server ignored the range: start again
                with open(partial, "ab" if offset else "wb") as out:
                    shutil.copyfileobj(response, out, CHUNK)
            if expected is not None and partial.stat().st_size < offset + int(expected):
                raise OSError("incomplete transfer")
            partial.replace(destination)
            return destination
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
            last_error = exc
            if isinstance(exc, urllib.error.HTTPError) and exc.code < 500:
                break
            got_bytes = partial.exists() and partial.stat().st_size > offset
            if attempt + 1 < attempts and not got_bytes:
                time.sleep(wait)
                wait *= 2
    partial.unlink(missing_ok=True)
    raise DownloadError(url, getattr(last_error, "reason", None) or last_error)
