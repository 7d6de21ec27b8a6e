from django import template

from socplan.monitoring.models import MonitoringPeriod
from socplan.monitoring.svg import percent_label

register = template.Library()


@register.simple_tag
def public_monitoring(process):
    """The approved monitoring periods of a published process (newest first)."""
    if process is None or not process.is_published:
        return []
    return list(
        MonitoringPeriod.objects.filter(
            action_plan__process=process, status=MonitoringPeriod.Status.APPROVED
        )
        .select_related("action_plan", "council_decision")
        .order_by("-action_plan__year")
    )


@register.filter
def light_class(light):
    return light or "none"


@register.filter
def percent(value, style=""):
    """A percentage rounded as the charts round it (halves up): "76 %", "–" for none;
    ``|percent:"print"`` joins the number and the sign with a non-breaking space."""
    shown = percent_label(value)
    return shown.replace(" %", "\u00a0%") if style == "print" else shown
