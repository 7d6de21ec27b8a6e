"""The production server of ``socplan serve``: gunicorn with the application loaded once in
its main process and forked into the server processes."""

from gunicorn.app.base import BaseApplication


def _before_fork(server, worker) -> None:
    """Nothing open is shared between processes: a database connection or a cache client
    the main process opened (the application's start-up) is closed before each fork, and
    each server process opens its own."""
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    for cache in caches.all(initialized_only=True):
        cache.close()


class GunicornServer(BaseApplication):
    """gunicorn configured from ``options`` (gunicorn's setting names) instead of its
    command line and configuration files."""

    def __init__(self, application, options: dict):
        self.application = application
        self.options = {
            "preload_app": True,
            "pre_fork": _before_fork,
            "accesslog": None,
            "errorlog": "-",
            **options,
        }
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)
        if "control_socket_disable" in self.cfg.settings:
            # gunicorn 24+: no control socket in the home folder (shared by every server
            # of the same user; nothing here uses it)
            self.cfg.set("control_socket_disable", True)

    def load(self):
        return self.application
