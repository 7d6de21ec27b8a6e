"""Pages of the SWOT analyses: the overview, a group's (or the process's) SWOT with its
items, ratings and approval, editing and merging items, the printable page, exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socplan.core.forms import add_service_errors
from socplan.core.numbers import is_digits
from socplan.core.permissions import require
from socplan.organisation.guards import process_for_user

from . import exports, selectors, services
from .forms import SCORE_CHOICES, SwotApprovalForm, SwotItemForm, SwotMergeForm, SwotTakeOverForm
from .models import Swot, SwotItem


def _process(request, slug):
    process = process_for_user(request, slug)
    require(request, "analysis.view", process)
    return process


def _swot_url(swot: Swot) -> str:
    from django.urls import reverse

    if swot.group_id is None:
        return reverse("analysis:swot_process", kwargs={"slug": swot.process.slug})
    return reverse(
        "analysis:swot_detail", kwargs={"slug": swot.process.slug, "group": swot.group.slug}
    )


def swot_overview(request, slug):
    process = _process(request, slug)
    return render(
        request,
        "analysis/swot_overview.html",
        {"process": process, "rows": selectors.swot_overview(process=process)},
    )


def swot_detail(request, slug, group=None):
    """A SWOT with its items per quadrant, best rated first; members write items and rate
    them (as the person linked to their account)."""
    process = _process(request, slug)
    group_obj = selectors.group_in_process(process=process, slug=group) if group else None
    swot = selectors.swot_of(process=process, group=group_obj)
    person = selectors.person_of_user(user=request.user, process=process)
    can_write = request.user.has_perm("analysis.write_swot", swot)
    form = SwotItemForm(request.POST or None, prefix="item")
    if request.method == "POST":
        if not can_write:
            require(request, "analysis.write_swot", swot)
        if form.is_valid():
            author = person if selectors.is_member_of(person=person, swot=swot) else None
            try:
                services.swot_item_add(
                    actor=request.user,
                    process=process,
                    group=group_obj,
                    quadrant=form.cleaned_data["quadrant"],
                    text=form.cleaned_data["text"],
                    author=author,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The item was added."))
                return redirect(_swot_url(swot) + "#quadrant-" + form.cleaned_data["quadrant"])
    may_rate = (
        swot.pk is not None
        and request.user.has_perm("analysis.rate_swot", swot)
        and selectors.is_member_of(person=person, swot=swot)
    )
    return render(
        request,
        "analysis/swot_detail.html",
        {
            "process": process,
            "group": group_obj,
            "swot": swot,
            "board": selectors.swot_board(swot=swot, person=person),
            "form": form,
            "can_write": can_write,
            "can_manage": request.user.has_perm("analysis.manage_swot", swot),
            "may_rate": may_rate,
            "score_choices": SCORE_CHOICES,
            "approval_form": SwotApprovalForm(initial={"note": swot.note}),
        },
        status=400 if form.errors else 200,
    )


def swot_print(request, slug, group=None):
    process = _process(request, slug)
    group_obj = selectors.group_in_process(process=process, slug=group) if group else None
    swot = selectors.swot_of(process=process, group=group_obj)
    return render(
        request,
        "analysis/swot_print.html",
        {
            "process": process,
            "group": group_obj,
            "swot": swot,
            "board": selectors.swot_board(swot=swot),
        },
    )


def _item(request, slug, item) -> tuple:
    process = _process(request, slug)
    item = get_object_or_404(
        SwotItem.objects.select_related("swot__group", "swot__process"),
        pk=item,
        swot__process=process,
    )
    return process, item


def swot_item_edit(request, slug, item):
    process, item = _item(request, slug, item)
    require(request, "analysis.manage_swot", item.swot)
    form = SwotItemForm(
        request.POST or None, initial={"quadrant": item.quadrant, "text": item.text}
    )
    if request.method == "POST":
        try:
            if "delete" in request.POST:
                services.swot_item_delete(actor=request.user, item=item)
                messages.success(request, _("The item was deleted."))
                return redirect(_swot_url(item.swot))
            if form.is_valid():
                services.swot_item_update(
                    actor=request.user,
                    item=item,
                    quadrant=form.cleaned_data["quadrant"],
                    text=form.cleaned_data["text"],
                )
                messages.success(request, _("The item was saved."))
                return redirect(_swot_url(item.swot))
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "analysis/swot_item_form.html",
        {
            "process": process,
            "item": item,
            "swot": item.swot,
            "form": form,
            "swot_url": _swot_url(item.swot),
        },
        status=400 if form.errors else 200,
    )


def swot_item_merge(request, slug, item):
    process, target = _item(request, slug, item)
    require(request, "analysis.manage_swot", target.swot)
    if target.merged_into_id is not None:
        raise Http404
    form = SwotMergeForm(request.POST or None, target=target)
    if request.method == "POST" and form.is_valid():
        try:
            services.swot_items_merge(
                actor=request.user,
                target=target,
                items=form.cleaned_data["items"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The items were merged."))
            return redirect(_swot_url(target.swot))
    return render(
        request,
        "analysis/swot_merge.html",
        {
            "process": process,
            "item": target,
            "swot": target.swot,
            "form": form,
            "swot_url": _swot_url(target.swot),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def swot_rate(request, slug, swot):
    """Save the signed-in member's ratings of every item of the SWOT at once."""
    process = _process(request, slug)
    swot = get_object_or_404(Swot.objects.select_related("group"), pk=swot, process=process)
    require(request, "analysis.rate_swot", swot)
    person = selectors.person_of_user(user=request.user, process=process)
    if not selectors.is_member_of(person=person, swot=swot):
        messages.error(request, _("Only members of the group rate its SWOT."))
        return redirect(_swot_url(swot))
    board = selectors.swot_board(swot=swot, person=person)
    changed = 0
    try:
        for rated in board.items():
            raw = request.POST.get(f"score-{rated.item.pk}")
            if raw is None:
                continue
            score = int(raw) if is_digits(raw) else None
            if raw and score is None:
                raise ValidationError(_("Rate from 1 (least important) to 5 (most important)."))
            if score != rated.mine:
                services.swot_rate(actor=request.user, item=rated.item, person=person, score=score)
                changed += 1
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_swot_url(swot))
    messages.success(request, _("Your ratings were saved.") if changed else _("Nothing changed."))
    return redirect(_swot_url(swot))


@require_POST
def swot_approval(request, slug, swot):
    process = _process(request, slug)
    swot = get_object_or_404(Swot.objects.select_related("group"), pk=swot, process=process)
    require(request, "analysis.approve_swot", swot)
    form = SwotApprovalForm(request.POST)
    try:
        if "reopen" in request.POST:
            services.swot_reopen(actor=request.user, swot=swot)
            messages.success(request, _("The SWOT was reopened."))
        elif form.is_valid():
            services.swot_approve(actor=request.user, swot=swot, note=form.cleaned_data["note"])
            messages.success(request, _("The SWOT was approved."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_swot_url(swot))


def swot_take_over(request, slug):
    """Take items of the groups' SWOTs into the SWOT of the whole process."""
    process = _process(request, slug)
    swot = selectors.swot_of(process=process, group=None)
    require(request, "analysis.manage_swot", swot)
    form = SwotTakeOverForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.swot_items_take_over(
                actor=request.user, process=process, items=form.cleaned_data["items"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(count)s items were taken into the SWOT of the whole process.")
                % {"count": len(created)},
            )
            return redirect(_swot_url(swot))
    return render(
        request,
        "analysis/swot_take_over.html",
        {"process": process, "swot": swot, "form": form},
        status=400 if form.errors else 200,
    )


def swot_export(request, slug, format):
    """Every SWOT of the process (items, quadrant, rating) as CSV or XLSX."""
    process = _process(request, slug)
    if format not in exports.FORMATS:
        raise Http404
    return exports.table_response(
        exports.swot_table(process=process), format=format, name=f"swot-{process.slug}"
    )
