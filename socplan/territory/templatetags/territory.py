from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def percent(value, digits: int = 1) -> str:
    """A share 0–1 as a localized percentage: 0.2287 -> "22,9 %" (Czech)."""
    if value is None or value == "":
        return ""
    return f"{floatformat(float(value) * 100, digits)}\N{NO-BREAK SPACE}%"


@register.filter
def percent_width(value) -> str:
    """A share 0–1 as a CSS width, always with a dot: 0.2287 -> "22.87%"."""
    if value is None or value == "":
        return "0%"
    return f"{float(value) * 100:.2f}%"


@register.filter
def complement_width(value) -> str:
    """What is left of 100 % after a share 0–1, as a CSS/SVG length: 0.2287 -> "77.13%"."""
    if value is None or value == "":
        return "100%"
    return f"{(1 - float(value)) * 100:.2f}%"
