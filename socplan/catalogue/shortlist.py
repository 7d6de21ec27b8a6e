"""The shortlist ("můj výběr"): services a person collects while browsing.

Kept in the session (no account needed); shared as a link with the ids in the address
(``?s=12,34,56``), which anyone can open read-only.
"""

from django.http import HttpRequest

from socplan.core.numbers import is_digits

SESSION_KEY = "catalogue_shortlist"
MAX_ITEMS = 100
# Without JavaScript a change comes back as a new page: what to announce there, once.
ANNOUNCE_KEY = "catalogue_shortlist_announce"
# The fragment the page comes back to: the announcement, in the card of the changed service
# (role="status", tabindex="-1": the browser moves the focus to it and screen readers read it).
ANCHOR = "shortlist-changed"


def parse(text: str) -> list[int]:
    """Ids from "12,34,56" (anything else ignored, duplicates dropped, order kept)."""
    ids = []
    for part in (text or "").replace(" ", ",").split(","):
        if is_digits(part.strip()):
            ids.append(int(part))
    return list(dict.fromkeys(ids))[:MAX_ITEMS]


def format(ids) -> str:  # noqa: A001 - the opposite of parse
    return ",".join(str(pk) for pk in ids)


def ids(request: HttpRequest) -> list[int]:
    return [int(pk) for pk in request.session.get(SESSION_KEY, []) if is_digits(str(pk))]


def add(request: HttpRequest, pk: int) -> bool:
    """Adds a service; False when the list is full."""
    current = ids(request)
    if pk in current:
        return True
    if len(current) >= MAX_ITEMS:
        return False
    request.session[SESSION_KEY] = [*current, pk]
    return True


def remove(request: HttpRequest, pk: int) -> None:
    request.session[SESSION_KEY] = [x for x in ids(request) if x != pk]


def clear(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def announce(request: HttpRequest, pk: int, text: str) -> None:
    """Remember what the next page should announce about service ``pk``."""
    request.session[ANNOUNCE_KEY] = {"service": pk, "text": str(text)}


def pop_announcement(request: HttpRequest) -> dict | None:
    """What to announce on this page (once), as ``{"service": pk, "text": ...}``."""
    value = request.session.pop(ANNOUNCE_KEY, None) if ANNOUNCE_KEY in request.session else None
    if not isinstance(value, dict) or not is_digits(str(value.get("service", ""))):
        return None
    return {"service": int(value["service"]), "text": str(value.get("text", ""))}
