"""Numbered items: things known by a code generated within their parent, shown before
their text: findings of a process (Z01, Z02), priorities, measures and activities of a plan
(1, 1.2, 1.2.3), questions and sections of a survey in their order.

- :func:`next_number`: the number the next item of a parent gets (1 for the first); call it
  inside the transaction that has locked the parent, so two writers cannot take one number.
- :class:`CodedItem`: a model mixin, ``str(item)`` is its code and its text.
- :class:`NumberedItem`: a :class:`CodedItem` whose code is made of its ``number`` field
  (``code_prefix`` and at least ``code_digits`` digits: ``Z`` and 2 give Z01).

The mixins add no fields (the models keep theirs, so the database schema stays as it is)."""

from __future__ import annotations

from django.db.models import Max, QuerySet


def next_number(items: QuerySet, field: str = "number") -> int:
    """One more than the highest ``field`` of ``items`` (1 when there are none)."""
    return (items.aggregate(last=Max(field))["last"] or 0) + 1


class CodedItem:
    """``str(item)`` = ``"<code> <text>"``; the text is the field named by ``code_text_field``."""

    code_text_field = "title"

    def __str__(self) -> str:
        return f"{self.code} {getattr(self, self.code_text_field)}".strip()


class NumberedItem(CodedItem):
    """An item numbered within its parent (``number``), coded as ``code_prefix`` + number."""

    code_prefix = ""
    code_digits = 1

    @property
    def code(self) -> str:
        return f"{self.code_prefix}{self.number:0{self.code_digits}d}"
