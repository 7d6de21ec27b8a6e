"""Rendered parts of the public catalogue page that are the same for everybody: the
filters of a search, the card of a service and its item of the result list (with its
selection button), the whole result page of a search for people who are not signed in and
have no selection (:data:`PAGES`, with a mark where each response puts its own CSRF
token), and the life situations of an area (:data:`SITUATIONS`).

Several processes: this store is per process (module-level), but it is only a cache that
no process ever needs to tell another about, so it holds no state in the sense of
DESIGN.md. Every key holds :attr:`CatalogueIndex.key` (``selectors_public.catalogue_index``),
which each request computes afresh from the data version
(``selectors_public.data_version``): a token in the shared cache that every reindexing and
every save of a service replaces (the same cache every process uses, Redis or the file
cache in the data folder) and the highest ids of the catalogue's tables, read from the
database; and today's date. So when one process changes the catalogue, the next request
in any process looks for new keys and renders afresh; an entry made from older data is
never found again and leaves with the LRU. A cleared or culled shared cache only makes a
new token (a fresh random one, never an old one). What the data version does not see (a
write that neither goes through ``search.reindex_services`` / a save of a service nor adds
rows) is stale the same way in the shared index itself, not only here: writers of
catalogue data must call ``search.reindex_services``. A change made inside a transaction
replaces the token once more when it commits (``search._bump_generation``): another process
that read the first token before the commit, and with it the data before the change, never
finds what it kept under it again. Kept pages also key on :func:`situations_generation`
(the life situations they show). ``catalogue/tests/test_processes.py`` runs two server
processes on one database and checks that an edit through one is seen through the other at
once.

Deliberately not the shared cache: the embedded file cache holds 300 entries and culls at
random beyond that (the progress of background jobs lives there too), and these fragments
are cheaper to render again than to fetch. What is costly to make again, the index of the
catalogue (2-3 s for the national register), is in the shared cache: a new server process
reads it from there.
"""

import threading
import uuid
from collections import OrderedDict

from django.core.cache import cache
from django.db import connection, transaction
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


class FragmentStore:
    """A small thread-safe LRU of rendered HTML."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict[tuple, str] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> str | None:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: tuple, value: str) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


# Cards, result items and filters: a page of results keeps 12 cards and 12 items.
FRAGMENTS = FragmentStore(size=6000)
# Whole result pages (the page's content without the site's shell) of searches by people
# without a selection, who are not signed in: what a search costs beyond a trivial page is
# then a dictionary lookup (benchmarks/results.md). About 20-30 KB each.
PAGES = FragmentStore(size=400)
# The life situations of an area (model instances, read only), keyed on
# :func:`situations_generation`: a search page without filters lists them.
SITUATIONS = FragmentStore(size=200)
# Stands for the CSRF token in a kept page; each response puts its own token there.
CSRF_MARK = "csrf0token0placeholder0b4c2e9a"
SITUATIONS_KEY = "catalogue-life-situations-generation"


def situations_generation() -> str:
    """A token that every change of a life situation replaces (in the shared cache, as
    ``search.index_generation``): kept pages that show life situations key on it."""
    token = cache.get(SITUATIONS_KEY)
    if token is None:
        cache.add(SITUATIONS_KEY, uuid.uuid4().hex, None)
        token = cache.get(SITUATIONS_KEY) or "none"
    return token


def _new_situations_generation() -> None:
    cache.set(SITUATIONS_KEY, uuid.uuid4().hex, None)


def situations_changed(**kwargs) -> None:
    """Signal receiver: a life situation or its kinds and groups changed. A new token at
    once and again on commit (see ``search._bump_generation``)."""
    _new_situations_generation()
    if connection.in_atomic_block:
        transaction.on_commit(_new_situations_generation)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from .models import LifeSituation

    for signal in (post_save, post_delete):
        signal.connect(situations_changed, sender=LifeSituation, dispatch_uid="catalogue_page_ls")
    for through in (LifeSituation.kinds.through, LifeSituation.target_groups.through):
        m2m_changed.connect(
            situations_changed, sender=through, dispatch_uid=f"catalogue_page_{through.__name__}"
        )


def page_key(request, *, index_key: str) -> tuple:
    """A result page depends on its address (the search, the page, the area), the language,
    the data of the catalogue and its life situations; nothing else for a person who is
    not signed in and has no selection (the view keeps no page for anyone else)."""
    return (
        "page",
        get_language(),
        request.get_full_path(),
        index_key,
        situations_generation(),
    )


def facets_key(query, *, area, index_key: str) -> tuple:
    """The filters beside the results depend only on the search (not on the page, nor on
    who looks), the language and the data."""
    values = tuple(sorted((k, v) for k, vs in query.lists() for v in vs if k != "page"))
    return ("facets", get_language(), area.pk if area else None, values, index_key)


def card_html(card, *, index_key: str) -> SafeString:
    """The rendered card of a service of the result list."""
    key = ("card", get_language(), card.pk, index_key)
    html = FRAGMENTS.get(key)
    if html is None:
        html = render_to_string("catalogue/public/includes/card.html", {"service": card})
        FRAGMENTS.put(key, html)
    return mark_safe(html)  # noqa: S308 - rendered by our template


def card_item_html(card, *, index_key: str, context: dict) -> SafeString:
    """The item of the result list of a service (``card_item.html``: its card, distance
    and selection button). The same for everybody while the service is not in the
    selection, has no distance and no announcement: kept rendered then, like the card
    (a page of results would render 15 of them). ``context``: the page's shortlist URLs,
    its ``announced`` and ``shortlist_anchor``."""
    announced = context.get("announced")
    same_for_all = not (
        card.in_shortlist or card.distance_text or (announced and announced["service"] == card.pk)
    )
    key = ("item", get_language(), card.pk, index_key, context["shortlist_add_url"])
    html = FRAGMENTS.get(key) if same_for_all else None
    if html is None:
        html = get_template("catalogue/public/includes/card_item.html").render(
            {**context, "service": card}
        )
        if same_for_all:
            FRAGMENTS.put(key, html)
    return mark_safe(html)  # noqa: S308 - rendered by our template


def life_situations(area, load) -> list:
    """``load(area)`` (``selectors_public.life_situations``), kept per area until a life
    situation changes anywhere (:func:`situations_generation`, shared by every process)."""
    key = ("situations", area.pk if area else None, situations_generation())
    found = SITUATIONS.get(key)
    if found is None:
        found = load(area)
        SITUATIONS.put(key, found)
    return found
