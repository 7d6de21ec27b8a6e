"""Rendered parts of the public catalogue page that are the same for everybody: the
filters of a search and the card of a service.

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
catalogue data must call ``search.reindex_services``.

Deliberately not the shared cache: the embedded file cache holds 300 entries and culls at
random beyond that (the progress of background jobs lives there too), and these fragments
are cheaper to render again than to fetch.
"""

import threading
from collections import OrderedDict

from django.template.loader import render_to_string
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


FRAGMENTS = FragmentStore(size=3000)


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
