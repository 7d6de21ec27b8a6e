"""Reads of consultation rounds, comments, resolutions and approvals."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from socplan.analysis.models import Quadrant, SwotItem
from socplan.organisation.models import PlanningProcess
from socplan.planning.models import Plan
from socplan.planning.versions import plan_snapshot

from .models import AnswerTemplate, Comment, CouncilDecision, PlanApproval, Resolution, Round

# --- rounds ------------------------------------------------------------------------------


def round_get(*, process: PlanningProcess, pk: int) -> Round:
    try:
        return Round.objects.select_related("plan__process", "draft", "swot__group").get(
            plan__process=process, pk=pk
        )
    except Round.DoesNotExist as exc:
        raise Http404 from exc


def rounds_of_plan(*, plan: Plan) -> list[Round]:
    return list(
        Round.objects.filter(plan=plan)
        .select_related("plan__process", "swot__group")
        .annotate(
            counted=Count("comments", filter=Q(comments__confirmed_at__isnull=False)),
            resolved=Count(
                "comments",
                filter=Q(comments__confirmed_at__isnull=False, comments__resolution__isnull=False),
            ),
        )
        .order_by("-opens_on", "-id")
    )


def announced_rounds(*, process: PlanningProcess) -> list[Round]:
    """Rounds of the process's public plans that are announced or open today (for the
    public page of the process), and the last closed one."""
    today = timezone.localdate()
    rounds = list(
        Round.objects.filter(
            Q(plan__status__in=Plan.PUBLIC_STATUSES) | Q(swot__isnull=False),
            plan__process=process,
        )
        .select_related("plan__process", "swot__group")
        .order_by("-closes_on", "-id")[:5]
    )
    current = [r for r in rounds if r.closes_on >= today]
    closed = [r for r in rounds if r.closes_on < today][:1]
    return current + closed


# --- the draft a round comments on, by part ----------------------------------------------


@dataclass
class Part:
    value: str  # "plan", "chapter:vision", "priority:3", "measure:12", "activity:40"
    kind: str
    key: str
    label: str
    object_id: int | None = None
    level: int = 0
    text: str = ""
    title: str = ""
    children: list["Part"] = field(default_factory=list)


def _snapshot(round: Round) -> dict:
    if round.draft_id and round.draft is not None:
        return round.draft.snapshot
    return plan_snapshot(round.plan)


def swot_tree(*, round: Round) -> list[Part]:
    """The SWOT a round is on: the whole SWOT, then its four quadrants with their items
    (merged duplicates left out: they are read in the item they were merged into)."""
    swot = round.swot
    parts = [Part("swot", Comment.Part.SWOT, "", _("The whole SWOT"), title=str(swot))]
    items = SwotItem.objects.filter(swot=swot, merged_into__isnull=True).order_by("quadrant", "id")
    by_quadrant: dict[str, list[SwotItem]] = {}
    for item in items:
        by_quadrant.setdefault(item.quadrant, []).append(item)
    for quadrant in Quadrant:
        title = str(quadrant.label).capitalize()
        part = Part(f"quadrant:{quadrant.value}", Comment.Part.QUADRANT, quadrant.value, title)
        part.title = title
        for number, item in enumerate(by_quadrant.get(quadrant.value, []), start=1):
            short = item.text if len(item.text) <= 120 else item.text[:119] + "…"
            part.children.append(
                Part(
                    f"swot_item:{item.pk}",
                    Comment.Part.SWOT_ITEM,
                    str(item.pk),
                    f"{title} {number}: {short}",
                    object_id=item.pk,
                    level=1,
                    text=item.text,
                    title=short,
                )
            )
        parts.append(part)
    return parts


def draft_tree(*, round: Round) -> list[Part]:
    """The draft as it was opened for comments: the whole plan, its chapters, then the
    priorities with their measures and activities (each a part one comments on); for a
    round on a SWOT, the SWOT (:func:`swot_tree`)."""
    if round.swot_id:
        return swot_tree(round=round)
    snapshot = _snapshot(round)
    parts = [Part("plan", Comment.Part.PLAN, "", _("The whole plan"), title=snapshot["title"])]
    for name, text in snapshot.get("chapters", {}).items():
        if not text:
            continue
        title = str(Plan._meta.get_field(name).verbose_name)
        label = _("Chapter: %(title)s") % {"title": title}
        parts.append(
            Part(f"chapter:{name}", Comment.Part.CHAPTER, name, label, text=text, title=title)
        )
    for p in snapshot.get("priorities", []):
        priority = Part(
            f"priority:{p['id']}",
            Comment.Part.PRIORITY,
            p["code"],
            _("Priority %(code)s %(title)s") % {"code": p["code"], "title": p["title"]},
            object_id=p["id"],
            text=p.get("description", ""),
            title=p["title"],
        )
        for m in p.get("measures", []):
            measure = Part(
                f"measure:{m['id']}",
                Comment.Part.MEASURE,
                m["code"],
                _("Measure %(code)s %(title)s") % {"code": m["code"], "title": m["title"]},
                object_id=m["id"],
                level=1,
                text="\n".join(x for x in (m.get("description"), m.get("justification")) if x),
                title=m["title"],
            )
            for a in m.get("activities", []):
                measure.children.append(
                    Part(
                        f"activity:{a['id']}",
                        Comment.Part.ACTIVITY,
                        a["code"],
                        _("Activity %(code)s %(title)s") % {"code": a["code"], "title": a["title"]},
                        object_id=a["id"],
                        level=2,
                        text=a.get("description", ""),
                        title=a["title"],
                    )
                )
            priority.children.append(measure)
        parts.append(priority)
    return parts


def draft_parts(*, round: Round) -> list[Part]:
    """Every part of the draft, flat, in reading order."""
    flat: list[Part] = []

    def walk(items):
        for item in items:
            flat.append(item)
            walk(item.children)

    walk(draft_tree(round=round))
    return flat


def part_choices(*, round: Round) -> list[tuple[str, str]]:
    return [(p.value, ("– " * p.level) + p.label) for p in draft_parts(round=round)]


# --- comments ----------------------------------------------------------------------------


def counted_comments(*, round: Round) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(round=round, confirmed_at__isnull=False)
        .select_related("resolution", "working_group", "resolution__change_version")
        .order_by("number", "id")
    )


def public_comments(*, round: Round) -> QuerySet[Comment]:
    """What the public sees: counted comments that are not hidden."""
    return counted_comments(round=round).filter(is_hidden=False)


def staff_comments(*, round: Round, filters: dict | None = None) -> QuerySet[Comment]:
    """Every comment of the round for staff (unconfirmed ones too), filtered by state,
    group and kind."""
    filters = filters or {}
    comments = (
        Comment.objects.filter(round=round)
        .select_related("resolution", "working_group", "entered_by", "hidden_by")
        .order_by("number", "id")
    )
    state = filters.get("state")
    if state == "unresolved":
        comments = comments.filter(confirmed_at__isnull=False, resolution__isnull=True)
    elif state == "resolved":
        comments = comments.filter(resolution__isnull=False)
    elif state == "unconfirmed":
        comments = comments.filter(confirmed_at__isnull=True)
    elif state == "hidden":
        comments = comments.filter(is_hidden=True)
    if filters.get("group"):
        comments = comments.filter(working_group_id=filters["group"])
    if filters.get("kind"):
        comments = comments.filter(kind=filters["kind"])
    return comments


def comments_for_group_ids(*, round: Round, group_ids: set[int]) -> QuerySet[Comment]:
    return counted_comments(round=round).filter(working_group_id__in=group_ids)


def unresolved_comments(*, plan: Plan) -> QuerySet[Comment]:
    """Counted, visible comments on the plan's current version without a resolution: the
    approval waits for them (not for comments on a SWOT)."""
    return Comment.objects.filter(
        round__plan=plan,
        round__plan_version=plan.version,
        round__swot__isnull=True,
        confirmed_at__isnull=False,
        is_hidden=False,
        resolution__isnull=True,
    )


def answer_templates(*, process: PlanningProcess) -> list[AnswerTemplate]:
    return list(AnswerTemplate.objects.filter(process=process).order_by("title", "id"))


# --- the resolution table -----------------------------------------------------------------


@dataclass
class TableRow:
    number: int
    author: str
    part: str
    quote: str
    text: str
    kind: str
    outcome: str
    reasoning: str
    change: str
    channel: str
    hidden: bool = False
    change_url: str = ""


def _row(comment: Comment, *, public: bool, compare_url=None) -> TableRow:
    resolution: Resolution | None = getattr(comment, "resolution", None)
    row = TableRow(
        number=comment.number or 0,
        author=comment.public_author if public else (comment.public_author),
        part=comment.part_label,
        quote=comment.quote,
        text=comment.text,
        kind=comment.get_kind_display(),
        outcome=resolution.get_outcome_display() if resolution else _("not resolved yet"),
        reasoning=resolution.reasoning if resolution else "",
        change=resolution.change if resolution else "",
        channel=comment.get_channel_display(),
        hidden=comment.is_hidden,
    )
    if compare_url and resolution and resolution.change_version_id:
        row.change_url = compare_url(comment.round, resolution.change_version)
    return row


def resolution_table(*, round: Round, public: bool = True, compare_url=None) -> list[TableRow]:
    """The rows of the resolution table: number, commenter as they agreed to be named, part
    of the plan, comment, kind, resolution, reasoning, change. Hidden comments are left
    out of the public table (staff see them marked)."""
    comments = public_comments(round=round) if public else counted_comments(round=round)
    return [_row(c, public=public, compare_url=compare_url) for c in comments]


def table_rounds(*, plan: Plan) -> list[tuple[Round, list[TableRow]]]:
    """The rounds of the plan's current version with their public tables (the annex of the
    plan document), oldest first; rounds without a comment and rounds on a SWOT (not part of
    the plan) are left out."""
    rounds = Round.objects.filter(plan=plan, plan_version=plan.version, swot__isnull=True).order_by(
        "opens_on", "id"
    )
    rows = []
    for round_ in rounds.prefetch_related(
        Prefetch(
            "comments",
            queryset=Comment.objects.filter(confirmed_at__isnull=False, is_hidden=False)
            .select_related("resolution")
            .order_by("number", "id"),
            to_attr="public_list",
        )
    ):
        table = [_row(c, public=True) for c in round_.public_list]
        if table:
            rows.append((round_, table))
    return rows


# --- approval ----------------------------------------------------------------------------


def plan_approval(*, plan: Plan, version: int | None = None) -> PlanApproval | None:
    """The approval of the plan's current (or given) version, if it is approved."""
    return (
        PlanApproval.objects.filter(plan=plan, version=version or plan.version)
        .select_related("approved_version")
        .first()
    )


def plan_last_approval(*, plan: Plan) -> PlanApproval | None:
    """The approval of the last approved version (also while an amendment is drafted)."""
    return PlanApproval.objects.filter(plan=plan).order_by("-version").first()


def decisions(*, plan: Plan, version: int | None = None) -> list[CouncilDecision]:
    return list(
        CouncilDecision.objects.filter(plan=plan, version=version or plan.version)
        .select_related("municipality")
        .order_by("-is_lead", "order", "body_name", "id")
    )


@dataclass
class Progress:
    total: int
    done: int
    approved: int
    took_note: int
    rejected: int
    pending: int

    @property
    def label(self) -> str:
        return _("%(done)s of %(total)s approved or took note") % {
            "done": self.done,
            "total": self.total,
        }


def decision_progress(decisions: list[CouncilDecision]) -> Progress:
    count = dict.fromkeys(CouncilDecision.Decision.values, 0)
    for decision in decisions:
        count[decision.decision] += 1
    approved = count[CouncilDecision.Decision.APPROVED]
    took_note = count[CouncilDecision.Decision.TOOK_NOTE]
    return Progress(
        total=len(decisions),
        done=approved + took_note,
        approved=approved,
        took_note=took_note,
        rejected=count[CouncilDecision.Decision.REJECTED],
        pending=count[CouncilDecision.Decision.PENDING],
    )


def approval_summary(*, plan: Plan) -> dict | None:
    """What the public plan page shows: the approval of the last approved version and
    who decided what (None when nothing was approved or decided yet)."""
    approval = plan_last_approval(plan=plan)
    version = approval.version if approval else plan.version
    bodies = decisions(plan=plan, version=version)
    if approval is None and not any(d.decision != d.Decision.PENDING for d in bodies):
        return None
    return {
        "approval": approval,
        "decisions": bodies,
        "progress": decision_progress(bodies),
        "version": version,
    }
