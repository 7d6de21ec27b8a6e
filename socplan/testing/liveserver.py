"""The live server of the browser tests, for a SQLite database in memory.

pytest-django hands the test's one in-memory SQLite connection to the live server, whose
threads (one per browser connection) then share it. Two requests querying it at once can hang
for good: seen in a whole run, two requests of one page waited forever inside ``execute``. So the
threads still accept connections (a browser keeps several open), but one request at a time
reaches Django, and its whole body is made before the next one starts.
"""

import threading

from django.core.servers.basehttp import ThreadedWSGIServer


class SerialisedWSGIServer(ThreadedWSGIServer):
    request_lock = threading.Lock()

    def set_app(self, application):
        lock = self.request_lock

        def one_at_a_time(environ, start_response):
            with lock:
                response = application(environ, start_response)
                try:
                    body = b"".join(response)
                finally:
                    close = getattr(response, "close", None)
                    if close is not None:
                        close()
            return [body]

        super().set_app(one_at_a_time)


def serialise_live_server():
    """Make the live server of Django's test cases (and pytest-django's ``live_server``)
    serve one request at a time."""
    from django.test.testcases import LiveServerThread

    LiveServerThread.server_class = SerialisedWSGIServer
