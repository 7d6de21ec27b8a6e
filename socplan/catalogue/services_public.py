"""Writes of the public catalogue: the life situations of a planning area; a shortlist
sent by e-mail (:func:`send_shortlist`).

An area shows the nationwide default life situations until a coordinator edits them; the
first edit copies the defaults to the area (:func:`life_situations_copy_defaults`), and
from then on the area has its own set.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from socplan.core.audit import audit_log
from socplan.core.mail import queue_email
from socplan.territory.models import PlanningArea

from .audit import CatalogueAction
from .models import LifeSituation


def _unique_slug(area: PlanningArea, title: str, *, exclude_pk: int | None = None) -> str:
    max_length = LifeSituation._meta.get_field("slug").max_length
    base = (slugify(title) or "situace")[: max_length - 4].strip("-") or "situace"
    taken = set(
        LifeSituation.objects.filter(planning_area=area)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def life_situations_copy_defaults(*, area: PlanningArea, actor) -> list[LifeSituation]:
    """Gives the area its own copy of the nationwide life situations (when it has none)."""
    existing = list(LifeSituation.objects.filter(planning_area=area))
    if existing:
        return existing
    copies = []
    for default in LifeSituation.objects.filter(planning_area__isnull=True).prefetch_related(
        "kinds", "target_groups"
    ):
        copy = LifeSituation.objects.create(
            planning_area=area,
            slug=default.slug,
            title=default.title,
            description=default.description,
            order=default.order,
        )
        copy.kinds.set(default.kinds.all())
        copy.target_groups.set(default.target_groups.all())
        copies.append(copy)
    audit_log(
        actor=actor,
        action=CatalogueAction.LIFE_SITUATIONS_COPIED,
        obj=area,
        slugs=[copy.slug for copy in copies],
    )
    return copies


@transaction.atomic
def life_situations_reset(*, area: PlanningArea, actor) -> None:
    """Drops the area's own life situations: it shows the nationwide ones again."""
    slugs = list(LifeSituation.objects.filter(planning_area=area).values_list("slug", flat=True))
    LifeSituation.objects.filter(planning_area=area).delete()
    audit_log(actor=actor, action=CatalogueAction.LIFE_SITUATIONS_RESET, obj=area, slugs=slugs)


@transaction.atomic
def life_situation_create(
    *,
    area: PlanningArea,
    title: str,
    description: str = "",
    kinds=(),
    target_groups=(),
    order: int = 0,
    actor,
) -> LifeSituation:
    life_situations_copy_defaults(area=area, actor=actor)
    situation = LifeSituation.objects.create(
        planning_area=area,
        slug=_unique_slug(area, title),
        title=title.strip(),
        description=description,
        order=order,
    )
    situation.kinds.set(kinds)
    situation.target_groups.set(target_groups)
    audit_log(
        actor=actor, action=CatalogueAction.LIFE_SITUATION_CREATED, obj=situation, area=area.slug
    )
    return situation


@transaction.atomic
def life_situation_update(
    *,
    situation: LifeSituation,
    title: str,
    description: str = "",
    kinds=(),
    target_groups=(),
    order: int = 0,
    actor,
) -> LifeSituation:
    if situation.planning_area_id is None:
        raise ValueError("The nationwide defaults are not edited through an area.")
    situation.title = title.strip()
    situation.description = description
    situation.order = order
    situation.save()
    situation.kinds.set(kinds)
    situation.target_groups.set(target_groups)
    audit_log(actor=actor, action=CatalogueAction.LIFE_SITUATION_UPDATED, obj=situation)
    return situation


@transaction.atomic
def life_situation_delete(*, situation: LifeSituation, actor) -> None:
    if situation.planning_area_id is None:
        raise ValueError("The nationwide defaults are not deleted through an area.")
    audit_log(
        actor=actor,
        action=CatalogueAction.LIFE_SITUATION_DELETED,
        obj=situation,
        area=situation.planning_area.slug,
    )
    situation.delete()


@transaction.atomic
def send_shortlist(*, services, share_url: str, to: str) -> None:
    """Queue an e-mail to ``to`` with the services of a shortlist (names, contacts, links)
    and the link to the list; sent after the commit (core/mail.py). Nothing is stored
    about the visitor beyond the queued message."""
    body = render_to_string(
        "catalogue/email/shortlist.txt",
        {"services": services, "share_url": share_url, "site_url": settings.SITE_URL},
    )
    message = EmailMessage(
        subject=_("Selection of social services"),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    queue_email(message)
