"""Where files made for a user are kept, and which uploaded files the public may fetch.

Two kinds of files:

- **private files** (outputs of background jobs: plan documents, booklets; uploads waiting
  for a background job, such as a register file to import, never served): kept outside
  ``MEDIA_ROOT`` in ``PRIVATE_ROOT`` (default ``$SOCPLAN_DATA_DIR/private``) under a random
  folder name; they are served only by views that check the permission of the person asking
  (``core:job_file``, the documents app), never by a web server's static file handling;
- **public uploads** under ``MEDIA_ROOT`` (a process's logo, a service's photo): served by
  :func:`serve_public_media` only when the app owning the folder says the file is public.
  Each app registers its folders with :func:`register_public_media` (core names no app);
  anything else under ``/media/`` is 404, whatever lies on the disk.
"""

import secrets
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import get_valid_filename
from django.views.static import serve


class PrivateStorage(FileSystemStorage):
    """Files served only through permission checks: ``settings.PRIVATE_ROOT``, read at every
    use (tests point it at a temporary folder)."""

    @property
    def base_location(self):
        root = getattr(settings, "PRIVATE_ROOT", None)
        return str(root or Path(settings.DATA_DIR) / "private")

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    @cached_property
    def base_url(self):  # never served directly
        return None


_private = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _private


def unguessable_name(folder: str, filename: str) -> str:
    """``<folder>/<random>/<file name>``: the name of a file says nothing a stranger could
    guess (a second line of defence behind the permission check)."""
    name = get_valid_filename(Path(filename).name)[-120:] or "file"
    return f"{folder}/{secrets.token_urlsafe(18)}/{name}"


def job_upload_to(instance, filename: str) -> str:
    """``jobs/<year>/<month>/<random>/<file name>`` of a job's result file."""
    return unguessable_name(f"jobs/{timezone.now():%Y/%m}", filename)


# --- public uploads under MEDIA_ROOT ------------------------------------------------------

# folder (with a trailing slash) -> is_public(name) for the files inside it
_public_media: dict[str, Callable[[str], bool]] = {}


def register_public_media(folder: str, is_public: Callable[[str], bool] | None = None) -> None:
    """Let ``/media/<folder>...`` be served: every file in it, or those for which
    ``is_public(name)`` is true (``name`` is the storage name, e.g. ``catalogue/photos/x.jpg``)."""
    if not folder.endswith("/"):
        folder += "/"
    _public_media[folder] = is_public or (lambda name: True)


def is_public_media(name: str) -> bool:
    """Whether the file ``name`` under MEDIA_ROOT may be served to anybody."""
    if not name or name.startswith("/") or "\\" in name or ".." in name.split("/"):
        return False
    matches = [folder for folder in _public_media if name.startswith(folder)]
    if not matches:
        return False
    # the most specific folder decides (a registered sub-folder may be stricter)
    return bool(_public_media[max(matches, key=len)](name))


def serve_public_media(request, path: str):
    """``/media/<path>`` in the embedded set-up: only files an app declared public."""
    if not is_public_media(path):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
