"""Snapshots of a whole plan as JSON, and the side-by-side comparison of two of them.

A snapshot is plain data (strings, numbers, lists), so that an old version reads the same
whatever happens later to the rows it was taken from.

The comparison follows the identity of the parts of the plan, not their position: each
snapshot becomes a tree (the plan → priorities → measures → activities; the items of an
action plan) whose nodes are known by their ids. A part found in both versions is compared
with itself wherever it stands: its own lines (one per field, lined up with
:mod:`difflib`, changed words highlighted), then its children. A part that moved (to
another priority, or in the order of its siblings) is one "move" row, and its renumbering
(1.2 → 2.5) changes nothing else; the parts renumbered only because another one moved are
not changes at all. Every label is translated (Czech by default).
"""

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from socplan.core.diff import word_diff_html

from .models import ActionItem, Activity, FundingSource, Measure, Plan


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
    # the responsible municipality and provider of each part, and its working group, are
    # read with their rows (two queries per part otherwise: a plan has hundreds of parts,
    # and a snapshot is taken at each save)
    responsible = ("responsible_municipality", "responsible_provider")
    priorities = plan.priorities.prefetch_related(
        Prefetch(
            "measures",
            queryset=Measure.objects.select_related(*responsible, "working_group"),
        ),
        "measures__target_groups",
        "measures__municipalities",
        "measures__services",
        "measures__findings",
        Prefetch("measures__activities", queryset=Activity.objects.select_related(*responsible)),
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
                "findings": [str(f) for f in measure.findings.all()],
                "working_group": str(measure.working_group or "")
                if measure.working_group_id
                else "",
                **_responsibility(measure),
                "indicators": [
                    {
                        "id": i.pk,
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


def _amount(value) -> str:
    try:
        return number_format(Decimal(value), force_grouping=True)
    except (ArithmeticError, TypeError, ValueError):
        return str(value)


def _cost_lines(costs, indent: str) -> list[str]:
    sources = dict(FundingSource.choices)
    return [
        f"{indent}{_('Cost')} {c['year']} · {sources.get(c['source'], c['source'])}: "
        f"{_amount(c['amount'])} Kč"
        for c in costs
    ]


def _text_lines(label: str, value, indent: str = "") -> list[str]:
    if value in (None, "", [], {}):
        return []
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = str(value).splitlines() or [""]
    return [f"{indent}{label}: {text[0]}"] + [f"{indent}    {line}" for line in text[1:]]


# --- the snapshot as a tree of identified parts ---------------------------------------------


@dataclass
class Node:
    """A part of the plan in a snapshot: its identity (``key``), its heading (label, code,
    title), its own lines and its parts."""

    key: tuple
    label: str = ""
    code: str = ""
    title: str = ""
    indent: str = ""
    lines: list[str] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)

    @property
    def header(self) -> str | None:
        if not self.label:
            return None  # the plan itself: no heading line
        if self.code:
            return f"{self.indent}{self.label} {self.code}: {self.title}"
        return f"{self.indent}{self.label}: {self.title}"

    def walk(self) -> Iterator["Node"]:
        yield self
        for child in self.children:
            yield from child.walk()


def _key(kind: str, data: dict, fallback) -> tuple:
    """A part's identity: its id in the snapshot (older snapshots: its code)."""
    return (kind, data.get("id") if data.get("id") is not None else f"code:{fallback}")


def snapshot_tree(snapshot: dict) -> Node:
    """The snapshot as a tree of parts in plan order."""
    chapters = {
        "vision": _("Vision"),
        "introduction": _("Introduction"),
        "legal_basis": _("Legal basis"),
        "process_description": _("Description of the planning process"),
        "monitoring": _("Monitoring and evaluation"),
        "change_procedure": _("How the plan can be changed"),
    }
    kinds = dict(Measure.Kind.choices)
    statuses = dict(ActionItem.Status.choices)
    root = Node(key=("plan",))
    root.lines = [f"{_('Title')}: {snapshot.get('title', '')}"]
    root.lines += _text_lines(
        _("Years"), f"{snapshot.get('year_start')}–{snapshot.get('year_end')}"
    )
    for key, label in chapters.items():
        root.lines += _text_lines(label, snapshot.get("chapters", {}).get(key))
    for p in snapshot.get("priorities", []):
        priority = Node(
            key=_key("priority", p, p.get("code")),
            label=_("Priority"),
            code=str(p.get("code", "")),
            title=p.get("title", ""),
        )
        priority.lines += _text_lines(_("Description"), p.get("description"), "  ")
        priority.lines += _text_lines(_("Target group"), p.get("target_group"), "  ")
        priority.lines += _text_lines(_("Sub-area"), p.get("sub_area"), "  ")
        root.children.append(priority)
        for m in p.get("measures", []):
            ind = "    "
            measure = Node(
                key=_key("measure", m, m.get("code")),
                label=_("Measure"),
                code=str(m.get("code", "")),
                title=m.get("title", ""),
                indent="  ",
            )
            lines = measure.lines
            lines += _text_lines(_("Type"), kinds.get(m.get("kind"), m.get("kind")), ind)
            lines += _text_lines(_("Description"), m.get("description"), ind)
            lines += _text_lines(_("Justification"), m.get("justification"), ind)
            lines += _text_lines(_("Target groups"), m.get("target_groups"), ind)
            lines += _text_lines(_("Municipalities"), m.get("municipalities"), ind)
            lines += _text_lines(_("Services"), m.get("services"), ind)
            lines += _text_lines(_("Findings it answers"), m.get("findings"), ind)
            lines += _text_lines(_("Responsible"), m.get("responsible"), ind)
            lines += _text_lines(_("Partners"), m.get("partners"), ind)
            lines += _text_lines(_("From (year)"), m.get("start_year"), ind)
            lines += _text_lines(_("To (year)"), m.get("end_year"), ind)
            lines += _text_lines(_("Working group"), m.get("working_group"), ind)
            for i in m.get("indicators", []):
                targets = ", ".join(f"{y}: {v}" for y, v in sorted(i["targets"].items()))
                lines.append(
                    f"{ind}{_('Indicator')}: {i['name']} ({i['unit']}); "
                    f"{_('baseline')} {i['baseline']}; {_('targets')} {targets}; {i['source']}"
                )
            lines += _cost_lines(m.get("costs", []), ind)
            priority.children.append(measure)
            for a in m.get("activities", []):
                ind2 = "      "
                activity = Node(
                    key=_key("activity", a, a.get("code")),
                    label=_("Activity"),
                    code=str(a.get("code", "")),
                    title=a.get("title", ""),
                    indent=ind,
                )
                lines = activity.lines
                lines += _text_lines(_("Description"), a.get("description"), ind2)
                lines += _text_lines(_("Expected outputs"), a.get("expected_outputs"), ind2)
                lines += _text_lines(_("Responsible"), a.get("responsible"), ind2)
                lines += _text_lines(_("Partners"), a.get("partners"), ind2)
                lines += _text_lines(_("From (year)"), a.get("start_year"), ind2)
                lines += _text_lines(_("To (year)"), a.get("end_year"), ind2)
                lines += _cost_lines(a.get("costs", []), ind2)
                measure.children.append(activity)
    for row in snapshot.get("measure_costs", []):
        node = Node(key=("measure_costs", row["measure"]), label=_("Measure"), title=row["measure"])
        node.lines = _cost_lines(row["costs"], "  ")
        root.children.append(node)
    for item in snapshot.get("items", []):
        node = Node(
            key=_key("item", item, item.get("activity")),
            label=_("Activity of the action plan"),
            title=item.get("activity", ""),
        )
        node.lines += _text_lines(_("Expected outputs"), item.get("expected_outputs"), "  ")
        status = item.get("status")
        node.lines += _text_lines(_("Status"), statuses.get(status, status), "  ")
        node.lines += _cost_lines(item.get("costs", []), "  ")
        root.children.append(node)
    return root


def snapshot_lines(snapshot: dict) -> list[str]:
    """The snapshot as lines of text in plan order."""
    lines = []
    for node in snapshot_tree(snapshot).walk():
        if node.header is not None:
            lines.append(node.header)
        lines += node.lines
    return lines


# --- the comparison -------------------------------------------------------------------------


@dataclass
class DiffRow:
    tag: str  # "equal", "replace", "delete", "insert", "move"
    left: SafeString
    right: SafeString
    left_number: int | None
    right_number: int | None


class _Comparison:
    def __init__(self, old: Node, new: Node):
        self.old_index = {node.key: node for node in old.walk()}
        self.new_index = {node.key: node for node in new.walk()}
        self.rows: list[DiffRow] = []
        self.left = self.right = 0

    def _row(self, tag: str, left: SafeString | None, right: SafeString | None) -> None:
        if left is not None:
            self.left += 1
        if right is not None:
            self.right += 1
        self.rows.append(
            DiffRow(
                tag,
                left if left is not None else mark_safe(""),
                right if right is not None else mark_safe(""),
                self.left if left is not None else None,
                self.right if right is not None else None,
            )
        )

    def _deleted(self, line: str) -> SafeString:
        return mark_safe(f"<del>{escape(line)}</del>")  # noqa: S308

    def _inserted(self, line: str) -> SafeString:
        return mark_safe(f"<ins>{escape(line)}</ins>")  # noqa: S308

    def lines(self, a: list[str], b: list[str]) -> None:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for k in range(i2 - i1):
                    self._row("equal", escape(a[i1 + k]), escape(b[j1 + k]))
                continue
            left, right = a[i1:i2], b[j1:j2]
            for k in range(max(len(left), len(right))):
                old_line = left[k] if k < len(left) else None
                new_line = right[k] if k < len(right) else None
                if old_line is not None and new_line is not None:
                    self._row("replace", *word_diff_html(old_line, new_line))
                elif old_line is not None:
                    self._row("delete", self._deleted(old_line), None)
                else:
                    self._row("insert", None, self._inserted(new_line))

    def pair(self, old: Node, new: Node, *, moved: bool) -> None:
        """A part in both versions: its heading, its lines, its parts."""
        if new.header is not None:
            old_header, new_header = old.header or "", new.header
            if moved:
                if old.title != new.title:
                    left, right = word_diff_html(old_header, new_header)
                else:
                    left, right = escape(old_header), escape(new_header)
                if old.code or new.code:
                    note = _("moved: was %(old)s, now %(new)s") % {
                        "old": old.code,
                        "new": new.code,
                    }
                else:
                    note = _("moved")
                right = mark_safe(f'{right} <em class="diff-note">({escape(note)})</em>')  # noqa: S308
                self._row("move", left, right)
            elif old.title != new.title:
                self._row("replace", *word_diff_html(old_header, new_header))
            else:
                # The same part; its code may differ only because another part moved.
                self._row("equal", escape(old_header), escape(new_header))
        self.lines(old.lines, new.lines)
        self.children(old.children, new.children)

    def deleted(self, node: Node) -> None:
        if node.header is not None:
            self._row("delete", self._deleted(node.header), None)
        for line in node.lines:
            self._row("delete", self._deleted(line), None)
        for child in node.children:
            if child.key not in self.new_index:  # else shown where it is now
                self.deleted(child)

    def inserted(self, node: Node) -> None:
        if node.header is not None:
            self._row("insert", None, self._inserted(node.header))
        for line in node.lines:
            self._row("insert", None, self._inserted(line))
        for child in node.children:
            if child.key in self.old_index:
                self.pair(self.old_index[child.key], child, moved=True)
            else:
                self.inserted(child)

    def children(self, old_children: list[Node], new_children: list[Node]) -> None:
        """The parts under one parent, lined up by identity: those in the same order are
        compared in place, the others are moves (from another parent or within this one),
        insertions or deletions."""
        old_keys = [c.key for c in old_children]
        new_keys = [c.key for c in new_children]
        old_by_key = {c.key: c for c in old_children}
        new_by_key = {c.key: c for c in new_children}
        matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for k in range(i2 - i1):
                    self.pair(
                        old_by_key[old_keys[i1 + k]], new_by_key[new_keys[j1 + k]], moved=False
                    )
                continue
            for key in old_keys[i1:i2]:
                if key not in self.new_index:
                    self.deleted(old_by_key[key])
                # else: moved, shown at its new place
            for key in new_keys[j1:j2]:
                if key in self.old_index:
                    self.pair(self.old_index[key], new_by_key[key], moved=True)
                else:
                    self.inserted(new_by_key[key])


def compare_snapshots(old: dict, new: dict) -> list[DiffRow]:
    """Side-by-side rows of two snapshots, with changes marked: parts lined up by their
    identity (see the module's description)."""
    old_tree, new_tree = snapshot_tree(old), snapshot_tree(new)
    comparison = _Comparison(old_tree, new_tree)
    comparison.pair(old_tree, new_tree, moved=False)
    return comparison.rows


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


def snapshot_labels(content: dict | None) -> dict[tuple, dict]:
    """The names a snapshot (a version's content) gives its items: ("priority" | "measure" |
    "activity", id) -> code and title; ("indicator_id", id) -> name and unit (a snapshot
    saved before the indicators' ids were in it: ("indicator", (measure id, name))). What
    the public reads of a plan whose amendment is being drafted (see :func:`shown_indicator`)."""
    result = {}
    for p in (content or {}).get("priorities", []):
        result[("priority", p.get("id"))] = {"code": p.get("code", ""), "title": p.get("title")}
        for m in p.get("measures", []):
            result[("measure", m.get("id"))] = {"code": m.get("code", ""), "title": m["title"]}
            for i in m.get("indicators", []):
                shown = {"name": i.get("name", ""), "unit": i.get("unit", "")}
                if i.get("id"):
                    result[("indicator_id", i["id"])] = shown
                else:
                    result[("indicator", (m.get("id"), i.get("name")))] = shown
            for a in m.get("activities", []):
                result[("activity", a.get("id"))] = {
                    "code": a.get("code", ""),
                    "title": a.get("title", ""),
                }
    return result


def shown_indicator(indicator, names: dict) -> dict | None:
    """The name and unit of an indicator in :func:`snapshot_labels`: by its id (an amendment
    being drafted may have renamed it), else by its name; None for an indicator the snapshot
    does not have (one added by the amendment)."""
    return names.get(("indicator_id", indicator.pk)) or names.get(
        ("indicator", (indicator.measure_id, indicator.name))
    )
