"""Parts of the "My account" page contributed by later apps.

accounts imports no later app, yet a user's account page lists their roles in planning
processes (organisation) and links to their services in the catalogue. Each app registers
a function ``f(request) -> str`` (rendered HTML) for a slot in its AppConfig.ready:
``actions`` (list items beside "Change password") or ``main`` (sections below).
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

SLOTS = ("actions", "main")
_sections: dict[str, list[Callable[[HttpRequest], str]]] = {slot: [] for slot in SLOTS}


def register_account_section(function: Callable[[HttpRequest], str], *, slot: str) -> None:
    if slot not in SLOTS:
        raise ValueError(f"unknown slot {slot!r}")
    if function not in _sections[slot]:
        _sections[slot].append(function)


def account_sections(request: HttpRequest) -> dict[str, SafeString]:
    """The rendered HTML of each slot, in the order the apps registered."""
    return {
        slot: mark_safe("".join(function(request) for function in functions))  # noqa: S308
        for slot, functions in _sections.items()
    }
