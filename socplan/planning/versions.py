"""Snapshots of a whole plan as JSON, and the side-by-side comparison of two of them.

A snapshot is plain data (strings, numbers, lists), so that an old version reads the same
whatever happens later to the rows it was taken from. The comparison turns each snapshot
into lines of text (one per field, in plan order) and lines them up with :mod:`difflib`;
changed lines get a word-level highlight.
"""

import difflib
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from socplan.core.diff import word_diff_html

from .models import FundingSource, Measure, Plan


def _num(value) -> str | None:
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


def _responsibility(obj) -> dict:
    return {
        "responsible": obj.responsible_label,
        "partners": obj.partners,
        "start_year": obj.start_year,
        "end_year": obj.end_year,
    }


def _costs(costs) -> list[dict]:
    return [
        {"year": c.year, "source": c.source, "amount": _num(c.amount)}
        for c in sorted(costs, key=lambda c: (c.year, c.source, c.pk))
    ]


def plan_snapshot(plan: Plan) -> dict:
    """The whole plan as JSON-able data."""
    data = {
        "title": plan.title,
        "kind": plan.kind,
        "year": plan.year,
        "year_start": plan.year_start,
        "year_end": plan.year_end,
        "status": plan.status,
        "version": plan.version,
        "amendment_reason": plan.amendment_reason,
        "chapters": {name: getattr(plan, name) for name in Plan.CHAPTERS},
        "priorities": [],
        "items": [],
    }
    plan_costs = list(plan.costs.select_related("measure"))
    measure_costs: dict[int, list] = {}
    activity_costs: dict[int, list] = {}
    item_costs: dict[int, list] = {}
    for cost in plan_costs:
        if cost.action_item_id:
            item_costs.setdefault(cost.action_item_id, []).append(cost)
        elif cost.activity_id:
            activity_costs.setdefault(cost.activity_id, []).append(cost)
        else:
            measure_costs.setdefault(cost.measure_id, []).append(cost)
    priorities = plan.priorities.prefetch_related(
        "measures__target_groups",
        "measures__municipalities",
        "measures__services",
        "measures__activities",
        "measures__indicators",
    ).select_related("target_group", "sub_area")
    for priority in priorities:
        p = {
            "id": priority.pk,
            "code": priority.code,
            "title": priority.title,
            "description": priority.description,
            "target_group": str(priority.target_group or ""),
            "sub_area": str(priority.sub_area or ""),
            "measures": [],
        }
        for measure in priority.measures.all():
            m = {
                "id": measure.pk,
                "code": measure.code,
                "title": measure.title,
                "description": measure.description,
                "justification": measure.justification,
                "kind": measure.kind,
                "target_groups": sorted(str(t) for t in measure.target_groups.all()),
                "municipalities": sorted(m.name for m in measure.municipalities.all()),
                "services": sorted(s.name for s in measure.services.all()),
                "working_group": str(measure.working_group or "")
                if measure.working_group_id
                else "",
                **_responsibility(measure),
                "indicators": [
                    {
                        "name": i.name,
                        "unit": i.unit,
                        "baseline": _num(i.baseline),
                        "targets": i.targets,
                        "source": i.source,
                    }
                    for i in measure.indicators.all()
                ],
                "costs": _costs(measure_costs.get(measure.pk, [])),
                "activities": [
                    {
                        "id": a.pk,
                        "code": a.code,
                        "title": a.title,
                        "description": a.description,
                        "expected_outputs": a.expected_outputs,
                        **_responsibility(a),
                        "costs": _costs(activity_costs.get(a.pk, [])),
                    }
                    for a in measure.activities.all()
                ],
            }
            p["measures"].append(m)
        data["priorities"].append(p)
    if plan.kind == Plan.Kind.ACTION and measure_costs:
        # An action plan's own costs of measures (not split into activities).
        data["measure_costs"] = [
            {"measure": str(costs[0].measure), "costs": _costs(costs)}
            for _pk, costs in sorted(measure_costs.items())
        ]
    for item in plan.items.select_related("activity"):
        data["items"].append(
            {
                "id": item.pk,
                "activity": str(item.activity),
                "expected_outputs": item.expected_outputs,
                "status": item.status,
                "carried_over": bool(item.carried_over_from_id),
                "costs": _costs(item_costs.get(item.pk, [])),
            }
        )
    return data


def _cost_lines(costs, indent: str) -> list[str]:
    sources = dict(FundingSource.choices)
    return [
        f"{indent}{_('Cost')} {c['year']} · {sources.get(c['source'], c['source'])}: "
        f"{c['amount']} Kč"
        for c in costs
    ]


def _text_lines(label: str, value, indent: str = "") -> list[str]:
    if value in (None, "", [], {}):
        return []
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value).splitlines() or [""]
    return [f"{indent}{label}: {text[0]}"] + [f"{indent}    {line}" for line in text[1:]]


def snapshot_lines(snapshot: dict) -> list[str]:
    """The snapshot as lines of text in plan order, for comparing two versions."""
    chapters = {
        "vision": _("Vision"),
        "introduction": _("Introduction"),
        "legal_basis": _("Legal basis"),
        "process_description": _("Description of the planning process"),
        "monitoring": _("Monitoring and evaluation"),
        "change_procedure": _("How the plan can be changed"),
    }
    kinds = dict(Measure.Kind.choices)
    lines = [f"{_('Title')}: {snapshot.get('title', '')}"]
    lines += _text_lines(_("Years"), f"{snapshot.get('year_start')}–{snapshot.get('year_end')}")
    for key, label in chapters.items():
        lines += _text_lines(label, snapshot.get("chapters", {}).get(key))
    for p in snapshot.get("priorities", []):
        lines.append(f"{_('Priority')} {p['code']}: {p['title']}")
        lines += _text_lines(_("Description"), p["description"], "  ")
        lines += _text_lines(_("Target group"), p["target_group"], "  ")
        lines += _text_lines(_("Sub-area"), p["sub_area"], "  ")
        for m in p["measures"]:
            lines.append(f"  {_('Measure')} {m['code']}: {m['title']}")
            ind = "    "
            lines += _text_lines(_("Type"), kinds.get(m["kind"], m["kind"]), ind)
            lines += _text_lines(_("Description"), m["description"], ind)
            lines += _text_lines(_("Justification"), m["justification"], ind)
            lines += _text_lines(_("Target groups"), m["target_groups"], ind)
            lines += _text_lines(_("Municipalities"), m["municipalities"], ind)
            lines += _text_lines(_("Services"), m["services"], ind)
            lines += _text_lines(_("Responsible"), m["responsible"], ind)
            lines += _text_lines(_("Partners"), m["partners"], ind)
            lines += _text_lines(_("From (year)"), m["start_year"], ind)
            lines += _text_lines(_("To (year)"), m["end_year"], ind)
            lines += _text_lines(_("Working group"), m["working_group"], ind)
            for i in m["indicators"]:
                targets = ", ".join(f"{y}: {v}" for y, v in sorted(i["targets"].items()))
                lines.append(
                    f"{ind}{_('Indicator')}: {i['name']} ({i['unit']}); "
                    f"{_('baseline')} {i['baseline']}; {_('targets')} {targets}; {i['source']}"
                )
            lines += _cost_lines(m["costs"], ind)
            for a in m["activities"]:
                lines.append(f"{ind}{_('Activity')} {a['code']}: {a['title']}")
                ind2 = "      "
                lines += _text_lines(_("Description"), a["description"], ind2)
                lines += _text_lines(_("Expected outputs"), a["expected_outputs"], ind2)
                lines += _text_lines(_("Responsible"), a["responsible"], ind2)
                lines += _text_lines(_("Partners"), a["partners"], ind2)
                lines += _text_lines(_("From (year)"), a["start_year"], ind2)
                lines += _text_lines(_("To (year)"), a["end_year"], ind2)
                lines += _cost_lines(a["costs"], ind2)
    for row in snapshot.get("measure_costs", []):
        lines.append(f"{_('Measure')}: {row['measure']}")
        lines += _cost_lines(row["costs"], "  ")
    for item in snapshot.get("items", []):
        lines.append(f"{_('Activity of the action plan')}: {item['activity']}")
        lines += _text_lines(_("Expected outputs"), item["expected_outputs"], "  ")
        lines += _text_lines(_("Status"), item["status"], "  ")
        lines += _cost_lines(item["costs"], "  ")
    return lines


@dataclass
class DiffRow:
    tag: str  # "equal", "replace", "delete", "insert"
    left: SafeString
    right: SafeString
    left_number: int | None
    right_number: int | None


def compare_snapshots(old: dict, new: dict) -> list[DiffRow]:
    """Side-by-side rows of two snapshots, with changes marked."""
    a, b = snapshot_lines(old), snapshot_lines(new)
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                text = escape(a[i1 + k])
                rows.append(DiffRow("equal", text, text, i1 + k + 1, j1 + k + 1))
            continue
        left, right = a[i1:i2], b[j1:j2]
        for k in range(max(len(left), len(right))):
            old_line = left[k] if k < len(left) else None
            new_line = right[k] if k < len(right) else None
            if old_line is not None and new_line is not None:
                lhtml, rhtml = word_diff_html(old_line, new_line)
                rows.append(DiffRow("replace", lhtml, rhtml, i1 + k + 1, j1 + k + 1))
            elif old_line is not None:
                rows.append(
                    DiffRow(
                        "delete",
                        mark_safe(f"<del>{escape(old_line)}</del>"),  # noqa: S308
                        mark_safe(""),
                        i1 + k + 1,
                        None,
                    )
                )
            else:
                rows.append(
                    DiffRow(
                        "insert",
                        mark_safe(""),
                        mark_safe(f"<ins>{escape(new_line)}</ins>"),  # noqa: S308
                        None,
                        j1 + k + 1,
                    )
                )
    return rows


def collapse_unchanged(rows: list[DiffRow], context: int = 2) -> list[DiffRow | int]:
    """The rows with long unchanged stretches replaced by the number of lines left out."""
    keep = set()
    for index, row in enumerate(rows):
        if row.tag != "equal":
            keep.update(range(max(0, index - context), min(len(rows), index + context + 1)))
    result: list[DiffRow | int] = []
    skipped = 0
    for index, row in enumerate(rows):
        if index in keep:
            if skipped:
                result.append(skipped)
                skipped = 0
            result.append(row)
        else:
            skipped += 1
    if skipped:
        result.append(skipped)
    return result
