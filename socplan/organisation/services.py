"""Writes of planning processes, their partners and phases.

Every function owns its transaction and records what it did in the audit log.
Invalid input raises :class:`django.core.exceptions.ValidationError` and changes nothing.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from socplan.core.audit import audit_log
from socplan.core.collation import czech_sorted
from socplan.territory.models import Municipality, PlanningArea
from socplan.territory.selectors import region_ids_of_area
from socplan.territory.services import planning_area_create

from .audit import OrganisationAction
from .models import Partner, Phase, PlanningProcess, ProcessRole

# Fields a coordinator may set on a process (the slug, demo flag and audit fields are not).
PROCESS_FIELDS = (
    "planning_area",
    "name",
    "purpose",
    "period_start",
    "period_end",
    "realizer",
    "realizer_url",
    "funding_programme",
    "registration_number",
    "grant_amount",
    "realization_start",
    "realization_end",
    "publicity_notice",
    "brand_logo",
    "brand_logo_alt",
    "logo",
    "logo_alt",
    "accent_colour",
    "contact_name",
    "contact_email",
    "contact_phone",
    "is_published",
)

# Uploaded images among them: a new upload, False (clear) or nothing (keep).
IMAGE_FIELDS = ("brand_logo", "logo")

# Slugs that are paths of other pages under procesy/.
RESERVED_SLUGS = {"novy", "moje-ukoly"}


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    max_length = PlanningProcess._meta.get_field("slug").max_length
    base = slugify(name)[: max_length - 4].strip("-") or "proces"
    slug, n = base, 1
    taken = PlanningProcess.objects.exclude(pk=exclude_pk)
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _audit_value(value: Any) -> Any:
    if value is None or isinstance(value, str | int | bool | float):
        return value
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "name") and not isinstance(value, datetime.date):  # files
        return value.name or ""
    return str(value)


def _check_area_use(actor, area: PlanningArea) -> None:
    """A person puts a process only over an area of their own or a public ORP area (the
    command line, without an actor, may use any)."""
    if actor is not None and not actor.has_perm("territory.use_area", area):
        raise ValidationError(
            {"planning_area": _("You cannot use this planning area for a process.")},
            code="area_not_usable",
        )


def process_create(
    *,
    actor,
    planning_area: PlanningArea,
    name: str,
    period_start: int,
    period_end: int,
    realizer: str,
    partners: Iterable[Mapping[str, Any]] = (),
    make_coordinator: bool | None = None,
    **fields: Any,
) -> PlanningProcess:
    """Create a planning process over ``planning_area``.

    The creator becomes its coordinator; site staff create processes for others and become
    coordinator only when they ask for it (``make_coordinator=True``). Phases are not
    created: the coordinator plans them with :func:`phases_update`.
    """
    unknown = set(fields) - set(PROCESS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown process fields: {', '.join(sorted(unknown))}")
    if make_coordinator is None:
        make_coordinator = not (actor is not None and actor.is_staff)
    _check_area_use(actor, planning_area)
    with transaction.atomic():
        process = PlanningProcess(
            planning_area=planning_area,
            name=name,
            period_start=period_start,
            period_end=period_end,
            realizer=realizer,
            created_by=actor if actor is not None and actor.is_authenticated else None,
            slug=_unique_slug(name),
            **fields,
        )
        process.full_clean()
        process.save()
        audit_log(
            actor=actor,
            action=OrganisationAction.PROCESS_CREATED,
            obj=process,
            slug=process.slug,
            planning_area=planning_area.pk,
        )
        if make_coordinator and actor is not None and actor.is_authenticated:
            process_role_grant(
                user=actor, process=process, role=ProcessRole.Role.COORDINATOR, actor=actor
            )
        partners = list(partners)
        if partners:
            partners_update(process=process, actor=actor, partners=partners)
    return process


def process_update(
    *,
    process: PlanningProcess,
    actor,
    partners: Iterable[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> PlanningProcess:
    """Change the process's fields (and, when given, its partners) in one transaction."""
    unknown = set(fields) - set(PROCESS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown process fields: {', '.join(sorted(unknown))}")
    area = fields.get("planning_area")
    if area is not None and area.pk != process.planning_area_id:
        _check_area_use(actor, area)
    with transaction.atomic():
        before = PlanningProcess.objects.select_for_update().get(pk=process.pk)
        changed = {}
        for field, value in fields.items():
            old = getattr(before, field)
            if field in IMAGE_FIELDS:
                # A new upload is a file that is not stored yet; False clears the logo.
                if value is False:
                    value = ""
                elif value is None or getattr(value, "_committed", False) or not (value or old):
                    continue
            if old != value or field in IMAGE_FIELDS:
                changed[field] = _audit_value(value)
            setattr(process, field, value)
        try:
            process.full_clean(exclude=["slug"])
        except ValidationError:
            process.refresh_from_db()
            raise
        process.save()
        if changed:
            audit_log(
                actor=actor, action=OrganisationAction.PROCESS_UPDATED, obj=process, changed=changed
            )
        if partners is not None:
            partners_update(process=process, actor=actor, partners=partners)
    return process


def process_area_regions(*, process: PlanningProcess) -> set[int]:
    """The regions whose municipalities a coordinator may make an area of for ``process``:
    those its present area lies in."""
    return region_ids_of_area(area=process.planning_area)


def process_area_create(
    *,
    process: PlanningProcess,
    actor,
    name: str,
    kind: str,
    municipalities: Iterable[Municipality | int],
    description: str = "",
) -> PlanningArea:
    """A planning area of the coordinator's own making for ``process``, of municipalities of
    the region(s) its present area lies in; the process moves onto it (the old area stays,
    other processes may use it). The maker owns the new area and may edit it."""
    ids = {m.pk if isinstance(m, Municipality) else int(m) for m in municipalities}
    regions = process_area_regions(process=process)
    outside = Municipality.objects.filter(pk__in=ids).exclude(district__region_id__in=regions)
    if outside.exists() or len(ids) != Municipality.objects.filter(pk__in=ids).count():
        names = czech_sorted(outside.values_list("name", flat=True)[:5])
        raise ValidationError(
            {
                "municipalities": _(
                    "Choose municipalities of the region of the process only (not: %(names)s)."
                )
                % {"names": ", ".join(names) or "?"}
            },
            code="outside_region",
        )
    with transaction.atomic():
        area = planning_area_create(
            name=name,
            kind=kind,
            municipalities=ids,
            actor=actor,
            description=description,
            is_demo=process.is_demo,
        )
        process_update(process=process, actor=actor, planning_area=area)
    return area


def partners_update(
    *, process: PlanningProcess, actor, partners: Iterable[Mapping[str, Any]]
) -> list[Partner]:
    """Add, change and delete partners of a process.

    Each item has ``name``, ``url`` and ``order``; ``id`` to change an existing partner of
    this process; ``delete=True`` (with ``id``) to remove it. Returns the partners kept.
    """
    with transaction.atomic():
        existing = {p.pk: p for p in process.partners.select_for_update()}
        added, changed, deleted = [], [], []
        for item in partners:
            pk = item.get("id")
            if pk is not None and pk not in existing:
                raise ValidationError(_("This partner belongs to another process."))
            if item.get("delete"):
                if pk is not None:
                    existing.pop(pk).delete()
                    deleted.append(pk)
                continue
            partner = existing.get(pk) if pk is not None else Partner(process=process)
            new_values = {
                "name": (item.get("name") or "").strip(),
                "url": item.get("url") or "",
                "order": item.get("order") or 0,
            }
            if partner.pk and all(getattr(partner, k) == v for k, v in new_values.items()):
                continue
            for key, value in new_values.items():
                setattr(partner, key, value)
            partner.full_clean(exclude=["process"])
            is_new = partner.pk is None
            partner.save()
            (added if is_new else changed).append(partner.name)
            existing[partner.pk] = partner
        if added or changed or deleted:
            audit_log(
                actor=actor,
                action=OrganisationAction.PROCESS_PARTNERS_UPDATED,
                obj=process,
                added=added or None,
                changed=changed or None,
                deleted=deleted or None,
            )
    return sorted(existing.values(), key=lambda p: (p.order, p.pk))


def _validate_phase_sequence(planned: list[tuple[str, datetime.date, datetime.date | None]]):
    """Each planned phase starts no earlier than the planned phase before it."""
    errors = []
    previous = None
    for kind, start, _end in planned:
        if previous is not None and start < previous[1]:
            errors.append(
                ValidationError(
                    _("%(phase)s cannot start before %(previous)s starts."),
                    code="phase_sequence",
                    params={
                        "phase": Phase.Kind(kind).label,
                        "previous": Phase.Kind(previous[0]).label,
                    },
                )
            )
        previous = (kind, start)
    if errors:
        raise ValidationError(errors)


def phases_update(
    *, process: PlanningProcess, actor, phases: Mapping[str, Mapping[str, Any] | None]
) -> list[Phase]:
    """Plan the phases of a process.

    ``phases`` maps a phase kind to ``{"start", "end", "note"}``; a kind mapped to ``None``
    (or with no start) is not planned and its phase is removed. Kinds not mentioned stay
    as they are. Phases must follow their usual order and each must end after it starts.
    """
    for kind in phases:
        if kind not in Phase.Kind.values:
            raise ValidationError(_("Unknown phase."), code="phase_kind")
    with transaction.atomic():
        existing = {p.kind: p for p in process.phases.select_for_update()}
        snapshot = {kind: (p.start, p.end, p.note) for kind, p in existing.items()}
        result: dict[str, Phase] = dict(existing)
        for kind, data in phases.items():
            if not data or not data.get("start"):
                if data and (data.get("end") or data.get("note")):
                    raise ValidationError(
                        {
                            "start": _("Enter the start of %(phase)s.")
                            % {"phase": Phase.Kind(kind).label}
                        }
                    )
                result.pop(kind, None)
                continue
            phase = existing.get(kind) or Phase(process=process, kind=kind)
            phase.start = data["start"]
            phase.end = data.get("end")
            phase.note = data.get("note") or ""
            phase.full_clean(exclude=["process"], validate_unique=False)
            result[kind] = phase
        planned = sorted(
            ((p.kind, p.start, p.end) for p in result.values()),
            key=lambda item: Phase.Kind.values.index(item[0]),
        )
        _validate_phase_sequence(planned)

        removed = [kind for kind in existing if kind not in result]
        if removed:
            process.phases.filter(kind__in=removed).delete()
        changed = []
        for kind, phase in result.items():
            if snapshot.get(kind) == (phase.start, phase.end, phase.note):
                continue
            phase.save()
            changed.append(kind)
        if changed or removed:
            audit_log(
                actor=actor,
                action=OrganisationAction.PROCESS_PHASES_UPDATED,
                obj=process,
                planned={
                    kind: [result[kind].start.isoformat(), _iso(result[kind].end)]
                    for kind in changed
                }
                or None,
                removed=removed or None,
            )
    return sorted(result.values(), key=lambda p: (p.start, p.sequence))


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


# --- roles in a process ---


def process_role_grant(*, user, process: PlanningProcess, role: str, actor) -> ProcessRole:
    """Give a user a role in a process (nothing changes if they already have it)."""
    if role not in ProcessRole.Role.values:
        raise ValidationError(_("Unknown role."), code="invalid_role")
    with transaction.atomic():
        role_obj, created = ProcessRole.objects.get_or_create(user=user, process=process, role=role)
        if created:
            audit_log(
                actor=actor,
                action=OrganisationAction.PROCESS_ROLE_GRANTED,
                obj=role_obj,
                user=user.pk,
                process=process.pk,
                role=role,
            )
    return role_obj


def process_role_revoke(*, role_obj: ProcessRole, actor) -> None:
    """Take a role away. A process always keeps at least one coordinator."""
    with transaction.atomic():
        if role_obj.role == ProcessRole.Role.COORDINATOR:
            coordinators = list(
                ProcessRole.objects.select_for_update()
                .filter(process_id=role_obj.process_id, role=ProcessRole.Role.COORDINATOR)
                .values_list("pk", flat=True)
            )
            if coordinators == [role_obj.pk]:
                raise ValidationError(
                    _(
                        "%(user)s is the last coordinator of this process. Invite or appoint "
                        "another coordinator first."
                    ),
                    params={"user": role_obj.user},
                    code="last_coordinator",
                )
        audit_log(
            actor=actor,
            action=OrganisationAction.PROCESS_ROLE_REVOKED,
            obj=role_obj,
            user=role_obj.user_id,
            process=role_obj.process_id,
            role=role_obj.role,
        )
        role_obj.delete()


def on_invitation_checking(sender, *, target, user, role, **kwargs) -> None:
    """Receiver of ``accounts.signals.invitation_checking``: nobody is invited to a role they
    hold in the process."""
    if not isinstance(target, PlanningProcess):
        return
    if ProcessRole.objects.filter(user=user, process=target, role=role).exists():
        raise ValidationError(
            _("%(email)s already has this role in the process."),
            params={"email": user.email},
            code="already_granted",
        )


def on_invitation_accepted(sender, *, invitation, user, **kwargs) -> None:
    """Receiver of ``accounts.signals.invitation_accepted``: an accepted invitation to a
    process grants its role there (inside the acceptance's transaction)."""
    if not isinstance(invitation.target, PlanningProcess):
        return
    ProcessRole.objects.get_or_create(user=user, process=invitation.target, role=invitation.role)
