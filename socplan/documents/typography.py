"""Czech typography for generated documents.

Czech typesetting rules (ČSN 01 6910) forbid a one-letter preposition or conjunction
(k, s, v, z, o, u, a, i) at the end of a line, and a number from its unit ("150 Kč",
"§ 37"). :func:`czech_nbsp` puts non-breaking spaces where they belong; PDF and DOCX
generators pass every text through it.
"""

import re

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


def format_number(value, decimals: int | None = None) -> str:
    """A number as printed in every generated document: groups of three digits separated by
    a non-breaking space ("3 000", "4 600 000", in Czech and English documents alike), the
    decimal separator of the active language ("1,5" in Czech), no trailing zeros unless
    ``decimals`` asks for them. Text that is not a number is returned as it is; ``None`` and
    "" give "". Years are not numbers here: print them as they are."""
    from decimal import Decimal, InvalidOperation

    from django.utils.formats import get_format
    from django.utils.numberformat import format as number_format

    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    try:
        number = Decimal(str(value).strip().replace(NBSP, "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    if decimals is None:
        number = number.normalize()
        decimals = max(0, -number.as_tuple().exponent)
    return number_format(
        number,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=NBSP,
        force_grouping=True,
    )
