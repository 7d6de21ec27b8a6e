"""``{{ value|http_url }}``: a stored web address to link to, or "" (see core/links.py);
``{{ value|tel_url }}``: a phone number as a ``tel:`` link, or ""."""

from django import template

from socplan.core.links import http_url as _http_url
from socplan.core.links import tel_url as _tel_url

register = template.Library()


@register.filter
def http_url(value) -> str:
    return _http_url(value)


@register.filter
def tel_url(value) -> str:
    return _tel_url(value)
