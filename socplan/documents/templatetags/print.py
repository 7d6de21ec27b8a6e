"""Template filters of printed documents: ``{% load print %}``, then ``{{ text|nbsp }}``."""

from django import template
from django.template.defaultfilters import stringfilter
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from socplan.documents.typography import czech_nbsp, format_number

register = template.Library()


@register.filter(needs_autoescape=True)
@stringfilter
def nbsp(value, autoescape=True):
    """Czech non-breaking spaces (see socplan.documents.typography)."""
    escaped = conditional_escape(value) if autoescape else value
    return mark_safe(czech_nbsp(escaped))


@register.filter
def num(value, decimals=None):
    """A number with non-breaking spaces between groups of digits ("3 000"); see
    :func:`socplan.documents.typography.format_number`. ``{{ amount|num }}``,
    ``{{ value|num:2 }}``."""
    return format_number(value, None if decimals in (None, "") else int(decimals))
