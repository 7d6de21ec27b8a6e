"""``{% load czech %}``: ``{{ person.name|vocative }}`` addresses a person in the active
language (the vocative in Czech, see :mod:`socplan.core.czech`)."""

from django import template

from socplan.core.czech import addressed_name

register = template.Library()


@register.filter
def vocative(name) -> str:
    return addressed_name(str(name or ""))
