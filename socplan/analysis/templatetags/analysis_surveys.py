"""Template tags with which pages of lower apps (the public page of a process) show the
needs surveys without importing them: they include a template of this app that asks here."""

from django import template

from socplan.analysis import selectors_surveys

register = template.Library()


@register.simple_tag
def process_surveys(process) -> dict:
    """The surveys collecting answers now and those with published results (both lists
    empty: the process page shows nothing)."""
    return {
        "open": list(selectors_surveys.open_surveys(process=process).order_by("closes_at", "pk")),
        "published": list(selectors_surveys.published_surveys(process=process)),
    }
