"""Czech typography for generated documents.

Czech typesetting rules (ČSN 01 6910) forbid a one-letter preposition or conjunction
(k, s, v, z, o, u, a, i) at the end of a line, and a number from its unit ("150 Kč",
"§ 37"). :func:`czech_nbsp` puts non-breaking spaces where they belong; PDF and DOCX
generators pass every text through it.
"""

import re

# format_number lives in core (charts of the analysis pages use it too).
from socplan.core.numbers import format_number  # noqa: F401

NBSP = "\u00a0"

# a single-letter word (any case) followed by a space (not the "s" of "plan's")
_SINGLE_LETTER = re.compile(r"(?<![\w\u00a0'’])([kKsSvVzZoOuUaAiI])\s+(?=\S)")
# § and a number, a number and a unit or a following number group ("10 000")
_PARAGRAPH = re.compile(r"§\s+(?=\d)")
_NUMBER_UNIT = re.compile(r"(?<=\d)\s+(?=(?:Kč|%|‰|km|m|kg|h|ks|Sb\.|tis\.|mil\.)(?!\w))")
_THOUSANDS = re.compile(r"(?<=\d)\s(?=\d{3}(?!\d))")


def czech_nbsp(text: str) -> str:
    """The text with non-breaking spaces after one-letter prepositions and conjunctions,
    after § and between numbers and their units."""
    if not text:
        return text
    text = _SINGLE_LETTER.sub(lambda m: m.group(1) + NBSP, str(text))
    text = _PARAGRAPH.sub("§" + NBSP, text)
    text = _NUMBER_UNIT.sub(NBSP, text)
    return _THOUSANDS.sub(NBSP, text)
