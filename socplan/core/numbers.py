"""Numbers as Czech documents and pages print them."""

NBSP = "\u00a0"


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


def is_digits(text: str) -> bool:
    """Only the ASCII digits 0–9 (and at least one): what ``int()`` may be given. ``str.isdigit``
    alone also takes "²" or "①", on which ``int()`` raises (an address /api/pruzkumy/² was a
    server error)."""
    return text.isascii() and text.isdigit()
