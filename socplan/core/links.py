"""Links to addresses people typed or a register supplied: only ``http(s)``.

A stored web address is data, not trust: ``javascript:alert(1)`` (or ``java\tscript:``,
``JAVASCRIPT:``, ``data:``) in a provider's "web" would run in the visitor's browser if it
were rendered as ``href``. :func:`http_url` gives the address to link to, or "" when it
must be shown as text only; the ``http_url`` template filter (``{% load links %}``) wraps
it, and :func:`validate_http_url` refuses other addresses in forms.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What browsers drop before reading the scheme: C0 controls and spaces at the ends, tabs
# and line ends anywhere (so "java\tscript:" is "javascript:").
_EDGES = "".join(chr(code) for code in range(0x21))
_INSIDE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_HOST = re.compile(r"^[^\s/\\?#:@]+\.[^\s/\\?#:@]+(?:[/?#:].*)?$", re.DOTALL)


def http_url(value) -> str:
    """``value`` as an ``http(s)`` address to link to ("www.x.cz" -> "https://www.x.cz"),
    or "" when it is anything else."""
    text = _INSIDE.sub("", str(value or "").strip(_EDGES))
    if not text or any(ord(character) < 0x20 or character == "\x7f" for character in text):
        return ""
    scheme = _SCHEME.match(text)
    if scheme:
        return text if scheme.group(1).lower() in ("http", "https") and len(text) > 8 else ""
    if text.startswith("//"):
        return ""
    return "https://" + text if _HOST.match(text) else ""


def validate_http_url(value) -> None:
    """A form's check: an empty value, or a web address that :func:`http_url` links."""
    if value and not http_url(value):
        raise ValidationError(
            _("Enter a web address starting with http:// or https:// (or www.)."),
            code="invalid_url",
        )


_PHONE = re.compile(r"\s*(\+?)\s*(\d[\d \u00a0\-/().]*)")


def tel_url(value) -> str:
    """A phone number as a ``tel:`` link to call when tapped ("+420 777 123 456" ->
    "tel:+420777123456"), or "" when ``value`` does not start with a number. Of several
    numbers in one value ("777 123 456, 606 ...") only the first is used."""
    match = _PHONE.match(str(value or ""))
    if not match:
        return ""
    digits = re.sub(r"\D", "", match.group(2))
    if not 3 <= len(digits) <= 15:
        return ""
    return f"tel:{match.group(1)}{digits}"
