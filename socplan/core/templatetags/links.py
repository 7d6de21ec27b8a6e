"""``{{ value|http_url }}``: a stored web address to link to, or "" (see core/links.py)."""

from django import template

from socplan.core.links import http_url as _http_url

register = template.Library()


@register.filter
def http_url(value) -> str:
    return _http_url(value)
