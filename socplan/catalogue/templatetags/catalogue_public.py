"""Template helpers of the public catalogue."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# as django.utils.html.json_script: nothing in the data can end the script element
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def compact_json_script(value, element_id: str):
    """``json_script`` without spaces and with letters as they are (a Czech letter with a
    diacritic takes 2 bytes instead of the 6 of ``\\u010d``)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return format_html(
        '<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text)
    )
