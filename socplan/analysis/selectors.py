"""Reads of the SWOT analyses and of the findings register."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404

from socplan.organisation.models import Group, Membership, Person, PlanningProcess

from . import answers, evidence
from .models import Finding, Quadrant, Swot, SwotItem, SwotRating


def working_groups(*, process: PlanningProcess) -> list[Group]:
    """The groups whose SWOT is kept: every group of the process but the steering group
    (which approves the SWOT of the whole process)."""
    return list(
        Group.objects.filter(process=process)
        .exclude(kind=Group.Kind.STEERING)
        .order_by("order", "name")
    )


def swot_of(*, process: PlanningProcess, group: Group | None) -> Swot:
    """The SWOT of the group (or of the process); an unsaved one if nobody wrote yet."""
    swot = Swot.objects.filter(process=process, group=group).select_related("approved_by").first()
    return swot or Swot(process=process, group=group)


def group_in_process(*, process: PlanningProcess, slug: str) -> Group:
    group = Group.objects.filter(process=process, slug=slug).first()
    if group is None:
        raise Http404
    return group


def person_of_user(*, user, process: PlanningProcess) -> Person | None:
    """The person record of the signed-in user in the process (by their account)."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(process=process, user=user).order_by("pk").first()


@dataclass
class RatedItem:
    item: SwotItem
    average: float | None
    count: int
    mine: int | None
    merged: list[SwotItem] = field(default_factory=list)

    @property
    def average_label(self) -> str:
        from django.utils.formats import number_format

        return number_format(self.average, 1) if self.average is not None else "–"


@dataclass
class SwotBoard:
    swot: Swot
    quadrants: list[tuple[str, str, list[RatedItem]]]  # (value, label, items best first)

    @property
    def item_count(self) -> int:
        return sum(len(items) for _v, _l, items in self.quadrants)

    def items(self) -> list[RatedItem]:
        return [item for _v, _l, items in self.quadrants for item in items]


def swot_board(*, swot: Swot, person: Person | None = None) -> SwotBoard:
    """The items of a SWOT per quadrant, merged duplicates under the item they were merged
    into, ordered by their average rating (best first; unrated last), then as written."""
    by_quadrant: dict[str, list[RatedItem]] = {value: [] for value in Quadrant.values}
    if swot.pk:
        items = list(
            swot.items.select_related("author", "taken_from__swot__group").prefetch_related(
                Prefetch("ratings", SwotRating.objects.only("item_id", "person_id", "score"))
            )
        )
        merged: dict[int, list[SwotItem]] = {}
        for item in items:
            if item.merged_into_id is not None:
                merged.setdefault(item.merged_into_id, []).append(item)
        for item in items:
            if item.merged_into_id is not None:
                continue
            scores = [r.score for r in item.ratings.all()]
            mine = next(
                (r.score for r in item.ratings.all() if person and r.person_id == person.pk),
                None,
            )
            by_quadrant[item.quadrant].append(
                RatedItem(
                    item=item,
                    average=sum(scores) / len(scores) if scores else None,
                    count=len(scores),
                    mine=mine,
                    merged=merged.get(item.pk, []),
                )
            )
    for rated in by_quadrant.values():
        rated.sort(key=lambda r: (r.average is None, -(r.average or 0), -r.count, r.item.pk))
    return SwotBoard(
        swot=swot,
        quadrants=[(value, label, by_quadrant[value]) for value, label in Quadrant.choices],
    )


def swot_overview(*, process: PlanningProcess) -> list[dict]:
    """Per working group (and for the whole process, first): its SWOT, how many items it
    has and whether it is approved."""
    swots = {
        s.group_id: s for s in Swot.objects.filter(process=process).select_related("approved_by")
    }
    counts: dict[int, int] = {}
    for swot_id in SwotItem.objects.filter(swot__process=process, merged_into=None).values_list(
        "swot_id", flat=True
    ):
        counts[swot_id] = counts.get(swot_id, 0) + 1
    rows = []
    for group in [None, *working_groups(process=process)]:
        swot = swots.get(group.pk if group else None) or Swot(process=process, group=group)
        rows.append({"group": group, "swot": swot, "items": counts.get(swot.pk, 0)})
    return rows


def approved_swots(*, process: PlanningProcess) -> list[SwotBoard]:
    """The approved SWOTs of the process (the whole process's first, then the groups'),
    for the plan document."""
    swots = Swot.objects.filter(process=process).exclude(approved_at=None).select_related("group")
    ordered = sorted(
        swots, key=lambda s: (s.group_id is not None, s.group.order if s.group else 0, str(s))
    )
    return [swot_board(swot=s) for s in ordered]


def is_member_of(*, person: Person | None, swot: Swot) -> bool:
    if person is None:
        return False
    memberships = Membership.objects.current().filter(person=person)
    if swot.group_id is not None:
        return memberships.filter(group_id=swot.group_id).exists()
    return memberships.filter(group__process_id=swot.process_id).exists()


# --- findings ----------------------------------------------------------------------------


def findings_of_process(
    *,
    process: PlanningProcess,
    source_kind: str = "",
    open_only: bool = False,
    live: bool = False,
) -> list[Finding]:
    """The findings of the process in order of their numbers, each with ``answers`` (the
    measures that answer it, see :mod:`.answers`), ``is_open`` (no answer) and, with
    ``live``, ``live`` (the indicator's value now, or None)."""
    findings = Finding.objects.filter(process=process).select_related(
        "swot_item__swot__group", "resolution__meeting", "document"
    )
    if source_kind:
        findings = findings.filter(source_kind=source_kind)
    findings = list(findings.prefetch_related("target_groups", "municipalities"))
    by_finding = answers.answers_for(f.pk for f in findings)
    live_values = (
        evidence.live_values((f.indicator_key, f.indicator_area) for f in findings) if live else {}
    )
    for finding in findings:
        finding.answers = by_finding.get(finding.pk, [])
        finding.is_open = not finding.answers
        finding.live = live_values.get((finding.indicator_key, finding.indicator_area))
    if open_only:
        findings = [f for f in findings if f.is_open]
    return findings


def finding_in_process(*, process: PlanningProcess, pk: int) -> Finding:
    finding = Finding.objects.filter(process=process, pk=pk).first()
    if finding is None:
        raise Http404
    return finding


def finding_source_label(finding: Finding) -> str:
    """The source of a finding in words (for tables and exports)."""
    K = Finding.SourceKind
    kind = finding.get_source_kind_display()
    if finding.source_kind == K.INDICATOR:
        detail = evidence.indicator_label(finding.indicator_key)
        if finding.indicator_area:
            detail += f" ({finding.indicator_area})"
    elif finding.source_kind == K.SWOT and finding.swot_item:
        detail = f"{finding.swot_item.swot}: {finding.swot_item.text}"
    elif finding.source_kind == K.RESOLUTION and finding.resolution:
        detail = f"{finding.resolution.meeting}: {finding.resolution}"
    elif finding.source_kind == K.DOCUMENT and finding.document:
        detail = finding.document.title
    else:
        detail = finding.source_ref
    parts = [p for p in (detail, finding.source_note) if p]
    return f"{kind}: {'; '.join(parts)}" if parts else str(kind)
