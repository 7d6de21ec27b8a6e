"""Writes of the SWOT analyses and of the findings register.

Every function owns its transaction and records what it did in the audit log. Invalid input
raises :class:`django.core.exceptions.ValidationError` and changes nothing.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socplan.core.audit import audit_log
from socplan.core.numbering import next_number
from socplan.organisation.models import Group, Membership, Person, PlanningProcess

from . import evidence
from .audit import AnalysisAction
from .models import Finding, Quadrant, Swot, SwotItem, SwotRating

# --- SWOT --------------------------------------------------------------------------------


def swot_get_or_create(*, process: PlanningProcess, group: Group | None = None) -> Swot:
    if group is not None and group.process_id != process.pk:
        raise ValidationError(_("The group belongs to another planning process."))
    swot, _created = Swot.objects.get_or_create(process=process, group=group)
    return swot


def _check_open(swot: Swot) -> None:
    if swot.approved_at is not None:
        raise ValidationError(
            _("This SWOT is approved; reopen it before changing it."), code="approved"
        )


def _check_text(quadrant: str, text: str) -> str:
    errors = {}
    if quadrant not in Quadrant.values:
        errors["quadrant"] = _("Choose one of the four parts of the SWOT.")
    text = (text or "").strip()
    if not text:
        errors["text"] = _("Write the item.")
    elif len(text) > 500:
        errors["text"] = _("Keep the item under 500 characters.")
    if errors:
        raise ValidationError(errors)
    return text


def _lock_swot(swot: Swot) -> Swot:
    return Swot.objects.select_for_update().get(pk=swot.pk)


def swot_item_add(
    *,
    actor,
    process: PlanningProcess,
    group: Group | None,
    quadrant: str,
    text: str,
    author: Person | None = None,
    is_demo: bool = False,
) -> SwotItem:
    """Write an item into the SWOT of ``group`` (or of the whole process)."""
    text = _check_text(quadrant, text)
    if author is not None and author.process_id != process.pk:
        raise ValidationError({"author": _("The person belongs to another planning process.")})
    with transaction.atomic():
        swot = _lock_swot(swot_get_or_create(process=process, group=group))
        _check_open(swot)
        item = SwotItem.objects.create(
            swot=swot,
            quadrant=quadrant,
            text=text,
            author=author,
            is_demo=is_demo,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_log(actor=actor, action=AnalysisAction.SWOT_ITEM_CREATED, obj=item, swot=swot.pk)
    return item


def swot_item_update(*, actor, item: SwotItem, quadrant: str, text: str) -> SwotItem:
    text = _check_text(quadrant, text)
    with transaction.atomic():
        _check_open(_lock_swot(item.swot))
        changed = {}
        if item.text != text:
            changed["text"] = [item.text, text]
        if item.quadrant != quadrant:
            changed["quadrant"] = [item.quadrant, quadrant]
        if not changed:
            return item
        item.text, item.quadrant = text, quadrant
        item.save(update_fields=["text", "quadrant", "updated_at"])
        # Items merged into this one follow it into its quadrant.
        item.merged_items.update(quadrant=quadrant)
        audit_log(actor=actor, action=AnalysisAction.SWOT_ITEM_UPDATED, obj=item, changed=changed)
    return item


def swot_item_delete(*, actor, item: SwotItem) -> None:
    with transaction.atomic():
        _check_open(_lock_swot(item.swot))
        audit_log(actor=actor, action=AnalysisAction.SWOT_ITEM_DELETED, obj=item)
        item.merged_items.update(merged_into=None)
        item.delete()


def _rater_may_rate(swot: Swot, person: Person) -> bool:
    memberships = Membership.objects.current().filter(person=person)
    if swot.group_id is not None:
        return memberships.filter(group_id=swot.group_id).exists()
    return memberships.filter(group__process_id=swot.process_id).exists()


def swot_rate(*, actor, item: SwotItem, person: Person, score: int | None) -> SwotRating | None:
    """Record the person's rating of an item (1–5); ``None`` takes the rating back.

    Only current members of the SWOT's group rate (for the SWOT of the whole process,
    members of any group of the process); merged items are rated through the item they
    were merged into."""
    if score is not None and not (isinstance(score, int) and 1 <= score <= 5):
        raise ValidationError({"score": _("Rate from 1 (least important) to 5 (most important).")})
    with transaction.atomic():
        swot = _lock_swot(item.swot)
        _check_open(swot)
        if item.merged_into_id is not None:
            raise ValidationError(_("This item was merged into another; rate that one."))
        if person.process_id != swot.process_id or not _rater_may_rate(swot, person):
            raise ValidationError(_("Only members of the group rate its SWOT."), code="not_member")
        if score is None:
            SwotRating.objects.filter(item=item, person=person).delete()
            rating = None
        else:
            rating, _created = SwotRating.objects.update_or_create(
                item=item, person=person, defaults={"score": score}
            )
        audit_log(
            actor=actor,
            action=AnalysisAction.SWOT_ITEM_RATED,
            obj=item,
            person=person.pk,
            score=score,
        )
    return rating


def swot_items_merge(
    *, actor, target: SwotItem, items: Iterable[SwotItem], text: str | None = None
) -> SwotItem:
    """Merge duplicates into ``target``: they are kept (and shown under it) but no longer
    counted on their own; their ratings move to the target, where a person rated both the
    higher rating counts once. ``text`` rewords the target."""
    items = [i for i in items if i.pk != target.pk]
    if not items:
        raise ValidationError(_("Choose at least one other item to merge."), code="nothing")
    with transaction.atomic():
        swot = _lock_swot(target.swot)
        _check_open(swot)
        target.refresh_from_db()
        if target.merged_into_id is not None:
            raise ValidationError(_("Merge into an item that was not merged itself."))
        for item in items:
            if item.swot_id != target.swot_id:
                raise ValidationError(_("Only items of the same SWOT can be merged."))
        ids = [i.pk for i in items]
        # items merged earlier into the ones merged now follow them
        SwotItem.objects.filter(merged_into_id__in=ids).update(merged_into=target)
        mine = dict(SwotRating.objects.filter(item=target).values_list("person_id", "score"))
        for rating in SwotRating.objects.filter(item_id__in=ids).order_by("-score"):
            if rating.person_id not in mine:
                SwotRating.objects.create(
                    item=target, person_id=rating.person_id, score=rating.score
                )
                mine[rating.person_id] = rating.score
            elif rating.score > mine[rating.person_id]:
                SwotRating.objects.filter(item=target, person_id=rating.person_id).update(
                    score=rating.score
                )
                mine[rating.person_id] = rating.score
        SwotRating.objects.filter(item_id__in=ids).delete()
        SwotItem.objects.filter(pk__in=ids).update(merged_into=target, quadrant=target.quadrant)
        if text is not None:
            target.text = _check_text(target.quadrant, text)
            target.save(update_fields=["text", "updated_at"])
        audit_log(
            actor=actor, action=AnalysisAction.SWOT_ITEM_MERGED, obj=target, merged=sorted(ids)
        )
    return target


def swot_items_take_over(*, actor, process: PlanningProcess, items: Iterable[SwotItem]) -> list:
    """Copy items of the groups' SWOTs into the SWOT of the whole process (once each)."""
    items = list(items)
    created = []
    with transaction.atomic():
        swot = _lock_swot(swot_get_or_create(process=process, group=None))
        _check_open(swot)
        taken = set(swot.items.exclude(taken_from=None).values_list("taken_from_id", flat=True))
        for item in items:
            if item.swot.process_id != process.pk or item.swot.group_id is None:
                raise ValidationError(_("Take over items of this process's working groups."))
            if item.pk in taken:
                continue
            copy = SwotItem.objects.create(
                swot=swot,
                quadrant=item.quadrant,
                text=item.text,
                author=item.author,
                taken_from=item,
                is_demo=item.is_demo,
            )
            taken.add(item.pk)
            created.append(copy)
            audit_log(
                actor=actor, action=AnalysisAction.SWOT_ITEM_TAKEN_OVER, obj=copy, source=item.pk
            )
    return created


def swot_approve(*, actor, swot: Swot, note: str | None = None) -> Swot:
    """Approve the SWOT as it is: it is frozen (no items, ratings or merges) until reopened."""
    with transaction.atomic():
        locked = _lock_swot(swot)
        if locked.approved_at is not None:
            return locked
        if not locked.items.filter(merged_into=None).exists():
            raise ValidationError(_("An empty SWOT cannot be approved."), code="empty")
        locked.approved_at = timezone.now()
        locked.approved_by = actor if getattr(actor, "is_authenticated", False) else None
        if note is not None:
            locked.note = note
        locked.save(update_fields=["approved_at", "approved_by", "note", "updated_at"])
        audit_log(actor=actor, action=AnalysisAction.SWOT_APPROVED, obj=locked)
    swot.approved_at, swot.approved_by, swot.note = (
        locked.approved_at,
        locked.approved_by,
        locked.note,
    )
    return swot


def swot_reopen(*, actor, swot: Swot) -> Swot:
    with transaction.atomic():
        locked = _lock_swot(swot)
        if locked.approved_at is None:
            return locked
        locked.approved_at = None
        locked.approved_by = None
        locked.save(update_fields=["approved_at", "approved_by", "updated_at"])
        audit_log(actor=actor, action=AnalysisAction.SWOT_REOPENED, obj=locked)
    swot.approved_at = swot.approved_by = None
    return swot


# --- findings ----------------------------------------------------------------------------

FINDING_FIELDS = (
    "statement",
    "detail",
    "source_kind",
    "indicator_key",
    "indicator_area",
    "indicator_value",
    "indicator_date",
    "swot_item",
    "resolution",
    "document",
    "source_ref",
    "source_note",
)
FINDING_M2M = ("target_groups", "municipalities")


def _finding_apply(finding: Finding, fields: dict[str, Any]) -> dict:
    unknown = set(fields) - set(FINDING_FIELDS) - set(FINDING_M2M)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    changed = {}
    for name in FINDING_FIELDS:
        if name in fields:
            value = fields[name]
            if value is None and name not in (
                "indicator_value",
                "indicator_date",
                "swot_item",
                "resolution",
                "document",
            ):
                value = ""
            if getattr(finding, name) != value:
                changed[name] = str(value)[:80]
                setattr(finding, name, value)
    finding.statement = (finding.statement or "").strip()
    process_id = finding.process_id
    errors = {}
    kind = finding.source_kind
    K = Finding.SourceKind
    if kind == K.INDICATOR:
        if not finding.indicator_key:
            errors["indicator_key"] = _("Choose the indicator the finding rests on.")
        elif finding.indicator_value is None:
            # Keep the figure as it is now: the finding was made from it.
            live = evidence.live_value(key=finding.indicator_key, area=finding.indicator_area)
            if live is not None:
                finding.indicator_value = Decimal(str(live.value))
                finding.indicator_date = finding.indicator_date or live.date
    elif kind == K.SWOT:
        if finding.swot_item is None:
            errors["swot_item"] = _("Choose the SWOT item.")
        elif finding.swot_item.swot.process_id != process_id:
            errors["swot_item"] = _("The SWOT item belongs to another planning process.")
    elif kind == K.RESOLUTION:
        if finding.resolution is None:
            errors["resolution"] = _("Choose the resolution.")
        elif finding.resolution.meeting.process_id != process_id:
            errors["resolution"] = _("The resolution belongs to another planning process.")
    elif kind == K.DOCUMENT:
        if finding.document is None:
            errors["document"] = _("Choose the document.")
        elif finding.document.process_id != process_id:
            errors["document"] = _("The document belongs to another planning process.")
    elif kind == K.SURVEY and not finding.source_ref and not finding.source_note:
        errors["source_ref"] = _("Say which survey result the finding rests on.")
    # sources of other kinds than the chosen one are not kept
    if kind != K.INDICATOR:
        finding.indicator_key = finding.indicator_area = ""
        finding.indicator_value = finding.indicator_date = None
    if kind != K.SWOT:
        finding.swot_item = None
    if kind != K.RESOLUTION:
        finding.resolution = None
    if kind != K.DOCUMENT:
        finding.document = None
    if errors:
        raise ValidationError(errors)
    try:
        finding.full_clean(exclude=["process", "number", *FINDING_M2M])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error
    return changed


def _finding_m2m(finding: Finding, process: PlanningProcess, fields: dict) -> dict:
    changed = {}
    if "municipalities" in fields:
        municipalities = list(fields["municipalities"] or [])
        allowed = set(process.planning_area.municipalities.values_list("pk", flat=True))
        if any(m.pk not in allowed for m in municipalities):
            raise ValidationError({"municipalities": _("Choose municipalities of the area.")})
        finding.municipalities.set(municipalities)
        changed["municipalities"] = "set"
    if "target_groups" in fields:
        finding.target_groups.set(list(fields["target_groups"] or []))
        changed["target_groups"] = "set"
    return changed


def finding_create(
    *, actor, process: PlanningProcess, statement: str, is_demo: bool = False, **fields: Any
) -> Finding:
    """Record a finding; it gets the next number of the process (Z01, Z02, ...)."""
    with transaction.atomic():
        PlanningProcess.objects.select_for_update().filter(pk=process.pk).first()
        finding = Finding(process=process, is_demo=is_demo)
        finding.created_by = actor if getattr(actor, "is_authenticated", False) else None
        _finding_apply(finding, {"statement": statement, **fields})
        finding.number = next_number(Finding.objects.filter(process=process))
        finding.save()
        _finding_m2m(finding, process, fields)
        audit_log(
            actor=actor, action=AnalysisAction.FINDING_CREATED, obj=finding, code=finding.code
        )
    return finding


def finding_update(*, actor, finding: Finding, **fields: Any) -> Finding:
    with transaction.atomic():
        Finding.objects.select_for_update().filter(pk=finding.pk).first()
        changed = _finding_apply(finding, fields)
        finding.save()
        changed.update(_finding_m2m(finding, finding.process, fields))
        if changed:
            audit_log(
                actor=actor, action=AnalysisAction.FINDING_UPDATED, obj=finding, changed=changed
            )
    return finding


def finding_delete(*, actor, finding: Finding) -> None:
    with transaction.atomic():
        audit_log(
            actor=actor, action=AnalysisAction.FINDING_DELETED, obj=finding, code=finding.code
        )
        finding.delete()
