"""Template tags of the catalogue's review part."""

from django import template

from socplan.catalogue.review import service_history as _service_history

register = template.Library()


@register.simple_tag
def service_history(service, limit=30):
    """The latest history rows of a service, with readable field names."""
    if service is None or not getattr(service, "pk", None):
        return []
    return _service_history(service=service, limit=limit)
