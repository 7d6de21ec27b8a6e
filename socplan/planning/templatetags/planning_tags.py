from django import template

register = template.Library()


@register.filter
def get_target(targets: dict, year) -> str:
    """The target of an indicator for a year (``{{ indicator.targets|get_target:year }}``)."""
    return (targets or {}).get(str(year), "")
