"""Maintenance hooks that later apps fill in (core imports no app).

``register_reindexer(name, function)``: an app with a search index (the catalogue) registers
the function that rebuilds it; ``socplan reindex`` and ``socplan restore`` run them all.
"""

from collections.abc import Callable

_reindexers: dict[str, Callable[[], int]] = {}


def register_reindexer(name: str, function: Callable[[], int]) -> None:
    """``function()`` rebuilds the search index of ``name`` and returns how many objects."""
    _reindexers[name] = function


def reindex_all() -> dict[str, int]:
    """Rebuild every registered search index; ``{name: objects indexed}``."""
    return {name: function() for name, function in sorted(_reindexers.items())}
