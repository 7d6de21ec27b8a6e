"""Writes of the territory app: planning areas and their sub-areas."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from socplan.core.audit import audit_log
from socplan.core.collation import czech

from .audit import TerritoryAction
from .models import Municipality, Orp, PlanningArea, SubArea

RESERVED_SLUGS = {"novy"}  # paths of territory/urls.py next to <slug>


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    max_length = PlanningArea._meta.get_field("slug").max_length
    base = (slugify(name) or "uzemi")[: max_length - 4].strip("-") or "uzemi"
    taken = set(
        PlanningArea.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    taken |= RESERVED_SLUGS
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _municipality_ids(municipalities: Iterable[Municipality | int]) -> list[int]:
    return sorted({m.pk if isinstance(m, Municipality) else int(m) for m in municipalities})


def _codes(ids: Iterable[int]) -> list[str]:
    return sorted(Municipality.objects.filter(pk__in=list(ids)).values_list("code", flat=True))


@transaction.atomic
def planning_area_create(
    *,
    name: str,
    kind: str,
    municipalities: Iterable[Municipality | int],
    actor,
    description: str = "",
    orp: Orp | None = None,
    is_demo: bool = False,
) -> PlanningArea:
    """Create a planning area over any list of municipalities (a MAS, a microregion...)."""
    ids = _municipality_ids(municipalities)
    if not ids:
        raise ValidationError(
            {"municipalities": _("Choose at least one municipality.")}, code="empty"
        )
    if kind not in PlanningArea.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of area.")}, code="invalid")
    area = PlanningArea(
        name=name.strip(),
        slug=_unique_slug(name),
        kind=kind,
        orp=orp,
        description=description,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    area.is_demo = is_demo
    area.full_clean(exclude=["municipalities"])
    area.save()
    area.municipalities.set(ids)
    audit_log(
        actor=actor,
        action=TerritoryAction.PLANNING_AREA_CREATED,
        obj=area,
        kind=kind,
        municipalities=_codes(ids),
    )
    return area


@transaction.atomic
def planning_area_create_from_orp(
    *,
    orp: Orp,
    actor,
    name: str | None = None,
    description: str = "",
    is_demo: bool = False,
) -> PlanningArea:
    """Create, in one step, a planning area of all municipalities of ``orp``."""
    name = (name or "").strip() or _("ORP %(name)s") % {"name": orp.name}
    return planning_area_create(
        name=name,
        kind=PlanningArea.Kind.ORP,
        municipalities=orp.municipalities.values_list("pk", flat=True),
        actor=actor,
        description=description,
        orp=orp,
        is_demo=is_demo,
    )


@transaction.atomic
def planning_area_update(
    *,
    area: PlanningArea,
    actor,
    name: str | None = None,
    description: str | None = None,
    kind: str | None = None,
    municipalities: Iterable[Municipality | int] | None = None,
) -> PlanningArea:
    """Change an area's name, description, kind or municipalities.

    Municipalities removed from the area are removed from its sub-areas too.
    """
    changes: dict = {}
    if name is not None and name.strip() != area.name:
        changes["name"] = [area.name, name.strip()]
        area.name = name.strip()
    if description is not None and description != area.description:
        changes["description"] = True
        area.description = description
    if kind is not None and kind != area.kind:
        if kind not in PlanningArea.Kind.values:
            raise ValidationError({"kind": _("Unknown kind of area.")}, code="invalid")
        changes["kind"] = [area.kind, kind]
        area.kind = kind
    area.full_clean(exclude=["municipalities"])
    area.save()
    if municipalities is not None:
        ids = _municipality_ids(municipalities)
        if not ids:
            raise ValidationError(
                {"municipalities": _("Choose at least one municipality.")}, code="empty"
            )
        current = set(area.municipalities.values_list("pk", flat=True))
        added, removed = set(ids) - current, current - set(ids)
        if added or removed:
            area.municipalities.set(ids)
            for sub_area in area.sub_areas.all():
                sub_area.municipalities.remove(*removed)
            changes["added"] = _codes(added)
            changes["removed"] = _codes(removed)
    audit_log(actor=actor, action=TerritoryAction.PLANNING_AREA_UPDATED, obj=area, **changes)
    return area


def _check_subset(area: PlanningArea, ids: list[int]) -> None:
    if not ids:
        raise ValidationError(
            {"municipalities": _("Choose at least one municipality.")}, code="empty"
        )
    outside = set(ids) - set(area.municipalities.values_list("pk", flat=True))
    if outside:
        names = ", ".join(
            Municipality.objects.filter(pk__in=outside)
            .order_by(czech("name"))
            .values_list("name", flat=True)
        )
        raise ValidationError(
            {
                "municipalities": _("These municipalities are not in the planning area: %(names)s.")
                % {"names": names}
            },
            code="outside_area",
        )


def _check_name(area: PlanningArea, name: str, exclude_pk: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter a name.")}, code="required")
    if area.sub_areas.filter(name__iexact=name).exclude(pk=exclude_pk).exists():
        raise ValidationError(
            {"name": _("The area already has a sub-area of this name.")}, code="unique"
        )
    return name


@transaction.atomic
def sub_area_create(
    *, area: PlanningArea, name: str, municipalities: Iterable[Municipality | int], actor
) -> SubArea:
    """Create a named part of ``area``; its municipalities must belong to the area."""
    ids = _municipality_ids(municipalities)
    name = _check_name(area, name)
    _check_subset(area, ids)
    sub_area = SubArea.objects.create(area=area, name=name)
    sub_area.municipalities.set(ids)
    audit_log(
        actor=actor,
        action=TerritoryAction.SUB_AREA_CREATED,
        obj=sub_area,
        area=area.slug,
        municipalities=_codes(ids),
    )
    return sub_area


@transaction.atomic
def sub_area_update(
    *,
    sub_area: SubArea,
    actor,
    name: str | None = None,
    municipalities: Iterable[Municipality | int] | None = None,
) -> SubArea:
    area = sub_area.area
    changes: dict = {}
    if name is not None:
        name = _check_name(area, name, exclude_pk=sub_area.pk)
        if name != sub_area.name:
            changes["name"] = [sub_area.name, name]
            sub_area.name = name
            sub_area.save(update_fields=["name"])
    if municipalities is not None:
        ids = _municipality_ids(municipalities)
        _check_subset(area, ids)
        current = set(sub_area.municipalities.values_list("pk", flat=True))
        if current != set(ids):
            sub_area.municipalities.set(ids)
            changes["added"] = _codes(set(ids) - current)
            changes["removed"] = _codes(current - set(ids))
    audit_log(
        actor=actor,
        action=TerritoryAction.SUB_AREA_UPDATED,
        obj=sub_area,
        area=area.slug,
        **changes,
    )
    return sub_area


@transaction.atomic
def sub_area_delete(*, sub_area: SubArea, actor) -> None:
    audit_log(
        actor=actor,
        action=TerritoryAction.SUB_AREA_DELETED,
        obj=sub_area,
        area=sub_area.area.slug,
    )
    sub_area.delete()
