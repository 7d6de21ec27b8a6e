"""System checks of the installation's set-up (run by ``socplan check`` and before serving)."""

from django.conf import settings
from django.core import checks

# Caches that live inside one process: a heartbeat written by the job worker or an import
# would never be seen by the web server, which would take them for dead.
PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.caches)
def check_shared_cache(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The default cache carries heartbeats and job progress between processes: it must be
    shared by all of them (a file cache or Redis), never a per-process memory cache."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PROCESS_LOCAL_CACHES:
        return [
            checks.Error(
                f"The default cache ({backend}) is not shared between processes: heartbeats of "
                "imports and of the job worker would not be seen by the web server.",
                hint="Leave CACHES to the settings (a file cache in the data folder) or set "
                "CACHE_URL=redis://... .",
                id="core.E010",
            )
        ]
    return []
