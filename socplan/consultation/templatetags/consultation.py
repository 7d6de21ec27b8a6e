"""Template tags with which pages of lower apps (the process page, the plan page) show the
consultation without importing it: they include a template of this app that asks here."""

from django import template

from socplan.consultation import selectors

register = template.Library()


@register.simple_tag
def announced_rounds(process):
    return selectors.announced_rounds(process=process)


@register.simple_tag
def plan_consultation(plan):
    """The rounds of the plan (newest first) and the summary of its approval."""
    from socplan.consultation.models import Round

    return {
        "rounds": list(
            Round.objects.filter(plan=plan).select_related("plan__process").order_by("-opens_on")
        ),
        "summary": selectors.approval_summary(plan=plan),
    }
