"""What the apps beside organisation may know of planning processes.

The catalogue and organisation are siblings that never import each other, yet a
coordinator of a process over an area may keep the local services of that area, and a
provider editor is invited to a process. They meet through this small interface of the
lower app: organisation implements it (``OrganisationDirectory``) and registers it in its
AppConfig; the catalogue only calls these functions. Without organisation installed,
nobody coordinates anything.
"""

from __future__ import annotations

from typing import Any, Protocol

from socplan.core.permissions import user_cache


class ProcessDirectory(Protocol):
    def coordinated_area_ids(self, user) -> set[int]:
        """Ids of the planning areas of the processes ``user`` coordinates."""

    def role_names(self, user) -> set[str]:
        """Every role ``user`` holds in any process."""

    def roles_in(self, user, process) -> set[str]:
        """The roles ``user`` holds in ``process``."""

    def coordinator_user_ids(self, area_ids: set[int]) -> set[int]:
        """Ids of the users who coordinate a process over one of these areas."""

    def process_by_slug(self, slug: str) -> Any | None:
        """The process with this slug, or None."""

    def user_ids_with_role(self, process, role: str) -> Any:
        """Ids of the users who hold ``role`` in ``process`` (a queryset or a list)."""

    def hidden_area_ids(self) -> set[int]:
        """Ids of the planning areas whose every process is unpublished (their names are not
        public)."""

    def area_ids_with_role(self, user) -> set[int]:
        """Ids of the planning areas of the processes in which ``user`` holds any role."""


class _NoProcesses:
    def coordinated_area_ids(self, user) -> set[int]:
        return set()

    def role_names(self, user) -> set[str]:
        return set()

    def roles_in(self, user, process) -> set[str]:
        return set()

    def coordinator_user_ids(self, area_ids: set[int]) -> set[int]:
        return set()

    def process_by_slug(self, slug: str):
        return None

    def user_ids_with_role(self, process, role: str):
        return []

    def hidden_area_ids(self) -> set[int]:
        return set()

    def area_ids_with_role(self, user) -> set[int]:
        return set()


_directory: ProcessDirectory = _NoProcesses()


def register(directory: ProcessDirectory) -> None:
    """Called once by the app that owns the processes (organisation), at start-up."""
    global _directory
    _directory = directory


def directory() -> ProcessDirectory:
    return _directory


def coordinated_area_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return user_cache(user, "coordinated_area_ids", lambda: _directory.coordinated_area_ids(user))


def process_role_names(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    return user_cache(user, "process_role_names", lambda: _directory.role_names(user))


def process_roles(user, process) -> set[str]:
    if not user.is_authenticated or process is None:
        return set()
    return _directory.roles_in(user, process)


def coordinator_user_ids(area_ids: set[int]) -> set[int]:
    return _directory.coordinator_user_ids(area_ids) if area_ids else set()


def process_by_slug(slug: str):
    return _directory.process_by_slug(slug)


def user_ids_with_role(process, role: str):
    return _directory.user_ids_with_role(process, role)


def hidden_area_ids(user) -> set[int]:
    """:meth:`ProcessDirectory.hidden_area_ids`, once per request (kept on ``user``)."""
    return user_cache(user, "hidden_area_ids", lambda: _directory.hidden_area_ids())


def area_ids_with_role(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return user_cache(user, "area_ids_with_role", lambda: _directory.area_ids_with_role(user))
