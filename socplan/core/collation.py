"""Czech alphabetical order (ČSN 97 6030), one collation for every list, picker, table,
export and printed index.

PyICU (whose ``cs`` collation does this) has no wheels and needs the ICU headers to
build, so the rules are written out here:

- primary letters: a b c č d e f g h ch i j k l m n o p q r ř s š t u v w x y z ž
  ("ch" is one letter, after "h"; č ř š ž are letters of their own);
- other diacritics (á ď é ě í ň ó ť ú ů ý) differ only at the second level: "Cena" <
  "Céna" < "Cenb";
- case differs only at the third level, lower case first;
- spaces and punctuation sort before digits, digits before letters.

In Python: ``czech_sorted(rows, key=lambda row: row.name)`` or
``sorted(names, key=czech_sort_key)``.

In the database: ``queryset.order_by(czech("name"))`` (or ``czech("name").desc()``).
PostgreSQL has the ICU collation ``cs-x-icu``; on SQLite :func:`register_sqlite_collation`
(connected to ``connection_created`` by the core app) registers a collation of the same
name that compares with :func:`czech_sort_key`, so the same expression works on both.
"""

import functools
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db.models import F
from django.db.models.functions import Collate

from .numbers import is_digits

CZECH_COLLATION = "cs-x-icu"
T = TypeVar("T")

# Letters of their own (primary); "ch" is handled as a digraph.
_PRIMARY_LETTERS = "abcčdefgh" + "\x00" + "ijklmnopqrřsštuvwxyzž"  # \x00 marks "ch"
_CH = "\x00"
_WEIGHTS = {letter: 100 + index for index, letter in enumerate(_PRIMARY_LETTERS)}
_OWN_LETTERS = set("čřšž")


def _split(char: str) -> tuple[str, int]:
    """The base letter of a (lower-case) character and its secondary weight."""
    if char in _OWN_LETTERS:
        return char, 0
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    accents = decomposed[1:]
    return base, (1 + sum(ord(a) for a in accents) % 97) if accents else 0


@functools.lru_cache(maxsize=65536)
def _key(text: str) -> tuple:
    text = unicodedata.normalize("NFC", str(text or "")).strip()
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    index = 0
    while index < len(text):
        char = text[index]
        lower = char.lower()
        if lower == "c" and index + 1 < len(text) and text[index + 1].lower() == "h":
            primary.append(_WEIGHTS[_CH])
            secondary.append(0)
            tertiary.append(0 if char.islower() else 1)
            index += 2
            continue
        index += 1
        base, accent = _split(lower)
        if base in _WEIGHTS:
            weight = _WEIGHTS[base]
        elif is_digits(base):
            weight = 10 + int(unicodedata.digit(base, 0))
        elif base.isalpha():
            weight = 1000 + ord(base)  # letters of other alphabets after Czech ones
        elif base.isspace():
            weight = 1
        else:
            weight = 2  # punctuation
        primary.append(weight)
        secondary.append(accent)
        tertiary.append(0 if not char.isupper() else 1)
    return (tuple(primary), tuple(secondary), tuple(tertiary), text)


def czech_sort_key(text) -> tuple:
    """A key that sorts strings in Czech alphabetical order."""
    return _key(str(text or ""))


def czech_sorted(items: Iterable[T], *, key: Callable[[T], str] | None = None) -> list[T]:
    """``items`` in Czech alphabetical order of ``key(item)`` (the item itself by default)."""
    if key is None:
        return sorted(items, key=czech_sort_key)
    return sorted(items, key=lambda item: czech_sort_key(key(item)))


def czech(field: str) -> Collate:
    """An ordering expression: ``queryset.order_by(czech("name"), "pk")``."""
    return Collate(F(field), CZECH_COLLATION)


def _compare(left: str, right: str) -> int:
    left_key, right_key = _key(left), _key(right)
    return (left_key > right_key) - (left_key < right_key)


def register_sqlite_collation(sender=None, connection=None, **kwargs) -> None:
    """``connection_created`` receiver: teach an SQLite connection the Czech collation."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_collation(CZECH_COLLATION, _compare)
