"""The monitoring of a plan whose amendment is being drafted, as the public reads it.

While a coordinator drafts an amendment (the plan is a draft of a higher version), the public
keeps reading the last approved version: the plan's page, the API and the open data show its
snapshot. The monitoring pages and reports roll up the live plan's rows, so without this they
would print the draft's new titles of priorities, measures and activities, its renamed
indicators and items the amendment added. :func:`approved_names` tells whether a visitor
reads the approved version only; :func:`show_as_approved` then gives every row the name the
approved version has (on the instances in memory, never saved) and leaves out what it does
not have.
"""

from socplan.planning.selectors import plan_approved_version
from socplan.planning.versions import shown_indicator, snapshot_labels


def approved_names(user, plan) -> dict | None:
    """The names of the last approved version of ``plan`` (see
    :func:`socplan.planning.versions.snapshot_labels`, plus the plan's own title and years
    under "plan") when ``user`` may read only that version; None when the user reads the
    plan itself (its editors, or a plan without an amendment in preparation)."""
    if user.has_perm("planning.view_plan", plan):
        return None
    version = plan_approved_version(plan=plan)
    if version is None:
        return None
    snapshot = version.snapshot
    names = snapshot_labels(snapshot)
    names["plan"] = {
        "title": snapshot.get("title", plan.title),
        "year_start": snapshot.get("year_start", plan.year_start),
        "year_end": snapshot.get("year_end", plan.year_end),
    }
    return names


def public_names(plan) -> dict | None:
    """:func:`approved_names` for the public: what a published document of the monitoring
    (kept and handed to everyone) names."""
    from django.contrib.auth.models import AnonymousUser

    return approved_names(AnonymousUser(), plan)


def _relabel(obj, shown: dict) -> None:
    for key, value in shown.items():
        setattr(obj, key, value)


def _measure(measure, names: dict) -> bool:
    shown = names.get(("measure", getattr(measure, "pk", None)))
    if shown is None:
        return False
    _relabel(measure, shown)
    return True


def _indicator(row, names: dict) -> bool:
    shown = shown_indicator(row.indicator, names)
    if shown is None:
        return False
    _relabel(row.indicator, shown)
    measure = row.indicator.measure
    if measure is not None:
        _measure(measure, names)
    return True


def _activity_row(row, names: dict) -> bool:
    activity = row.item.activity
    if activity is None:
        return True
    shown = names.get(("activity", activity.pk))
    if shown is None:
        return False
    _relabel(activity, shown)
    return True


def show_as_approved(names: dict | None, *, plan, states=(), summary=None, indicators=None):
    """Give the plan, the period states (``selectors.PeriodState``), an evaluation summary
    and indicator rows the names of the approved version, and leave out their rows that it
    does not have. Nothing when ``names`` is None. Returns the indicator rows kept."""
    if names is None:
        return indicators
    _relabel(plan, names["plan"])
    for state in states:
        state.priorities = [p for p in state.priorities if ("priority", p.priority.pk) in names]
        for priority in state.priorities:
            _relabel(priority.priority, names[("priority", priority.priority.pk)])
            priority.measures = [m for m in priority.measures if _measure(m.measure, names)]
            for measure in priority.measures:
                measure.activities = [a for a in measure.activities if _activity_row(a, names)]
        state.indicators = [row for row in state.indicators if _indicator(row, names)]
    if summary is not None:
        kept = []
        for activity, status, year in summary.activities:
            shown = names.get(("activity", activity.pk))
            if shown is not None:
                _relabel(activity, shown)
                kept.append((activity, status, year))
        summary.activities = kept
        summary.indicators = [row for row in summary.indicators if _indicator(row, names)]
    if indicators is not None:
        indicators = [row for row in indicators if _indicator(row, names)]
    return indicators
