import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socplan.core import tables
from socplan.core.forms import add_service_errors
from socplan.core.permissions import require
from socplan.organisation.guards import process_for_user
from socplan.organisation.rules import facilitated_group_ids

from . import exports, selectors, services
from .feeds import ical_calendar
from .forms import DocumentForm, EventForm, NewsForm, OutputIndicatorsForm, VersionForm
from .models import Document

# --- documents ---


def document_list(request, slug):
    process = process_for_user(request, slug)
    internal = request.user.has_perm("library.view_internal_documents", process)
    category = request.GET.get("kategorie", "")
    if category not in Document.Category.values:
        category = ""
    return render(
        request,
        "library/document_list.html",
        {
            "process": process,
            "categories": selectors.documents_by_category(
                process=process, internal=internal, category=category
            ),
            "category_choices": Document.Category.choices,
            "category": category,
            "internal": internal,
            "can_add": request.user.has_perm("library.add_document", process),
        },
    )


def _document(request, slug, pk):
    process = process_for_user(request, slug)
    document = selectors.document_in_process(process=process, pk=pk)
    if not request.user.has_perm("library.view_document", document):
        raise Http404  # an internal document does not exist for the public
    return process, document


def document_detail(request, slug, pk):
    process, document = _document(request, slug, pk)
    return render(
        request,
        "library/document_detail.html",
        {
            "process": process,
            "document": document,
            "versions": list(document.versions.all()),
            "can_change": request.user.has_perm("library.change_document", document),
        },
    )


def document_download(request, slug, pk, number=None):
    """The file of a version (the current one without ``number``), after the permission
    check: the files are never served from a public folder."""
    _, document = _document(request, slug, pk)
    version = selectors.document_version(document=document, number=number)
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=request.GET.get("zobrazit") is None,
        filename=version.original_name,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not document.is_public:
        response["Cache-Control"] = "private, no-store"
    return response


def _facilitated_groups(request, process):
    """None for those who manage all documents; else the groups the methodologist facilitates."""
    if request.user.has_perm("library.manage", process):
        return None
    return facilitated_group_ids(request.user, process.pk)


def document_create(request, slug):
    process = process_for_user(request, slug)
    require(request, "library.add_document", process)
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        process=process,
        with_file=True,
        facilitated_groups=_facilitated_groups(request, process),
        initial={"category": request.GET.get("kategorie") or Document.Category.OTHER},
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                process=process,
                actor=request.user,
                file=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
                **form.document_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document was uploaded."))
            return redirect(document)
    return render(
        request, "library/document_form.html", {"process": process, "form": form, "document": None}
    )


def document_edit(request, slug, pk):
    process, document = _document(request, slug, pk)
    require(request, "library.change_document", document)
    editable = Document.objects.get(pk=document.pk)
    form = DocumentForm(
        request.POST or None,
        instance=editable,
        process=process,
        with_file=False,
        facilitated_groups=_facilitated_groups(request, process),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(
                document=document, actor=request.user, **form.document_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(document)
    return render(
        request,
        "library/document_form.html",
        {
            "process": process,
            "form": form,
            "document": document,
            "can_delete": request.user.has_perm("library.manage", process),
        },
    )


def document_version_add(request, slug, pk):
    process, document = _document(request, slug, pk)
    require(request, "library.change_document", document)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_version_add(
                document=document,
                actor=request.user,
                file=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The new version was uploaded."))
            return redirect(document)
    return render(
        request,
        "library/document_version_form.html",
        {"process": process, "form": form, "document": document},
    )


def document_delete(request, slug, pk):
    process, document = _document(request, slug, pk)
    require(request, "library.manage", process)
    if request.method == "POST":
        services.document_delete(document=document, actor=request.user)
        messages.success(request, _("The document was deleted."))
        return redirect("library:document_list", slug=process.slug)
    return render(
        request,
        "library/confirm_delete.html",
        {"process": process, "object": document, "cancel_url": document.get_absolute_url()},
    )


# --- news ---


def news_list(request, slug):
    process = process_for_user(request, slug)
    manager = request.user.has_perm("library.manage", process)
    return render(
        request,
        "library/news_list.html",
        {
            "process": process,
            "articles": selectors.news_for(process=process, manager=manager),
            "can_manage": manager,
            "now": timezone.now(),
        },
    )


def news_detail(request, slug, article):
    process = process_for_user(request, slug)
    manager = request.user.has_perm("library.manage", process)
    article = selectors.news_article(process=process, slug=article, manager=manager)
    return render(
        request,
        "library/news_detail.html",
        {"process": process, "article": article, "can_manage": manager, "now": timezone.now()},
    )


def news_create(request, slug):
    process = process_for_user(request, slug)
    require(request, "library.manage", process)
    form = NewsForm(request.POST or None, initial={"published_at": timezone.localtime()})
    if request.method == "POST" and form.is_valid():
        try:
            article = services.news_create(process=process, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The article was saved."))
            return redirect(article)
    return render(
        request, "library/news_form.html", {"process": process, "form": form, "article": None}
    )


def news_edit(request, slug, article):
    process = process_for_user(request, slug)
    require(request, "library.manage", process)
    article = selectors.news_article(process=process, slug=article, manager=True)
    editable = type(article).objects.get(pk=article.pk)
    form = NewsForm(request.POST or None, instance=editable)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.news_update(article=article, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(article)
    return render(
        request, "library/news_form.html", {"process": process, "form": form, "article": article}
    )


@require_POST
def news_delete(request, slug, article):
    process = process_for_user(request, slug)
    require(request, "library.manage", process)
    article = selectors.news_article(process=process, slug=article, manager=True)
    services.news_delete(article=article, actor=request.user)
    messages.success(request, _("The article was deleted."))
    return redirect("library:news_list", slug=process.slug)


# --- events and the calendar ---


def _month(request) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("rok", today.year))
        month = int(request.GET.get("mesic", today.month))
        datetime.date(year, month, 1)
    except (TypeError, ValueError):
        return today.year, today.month
    if not 1900 <= year <= 2200:
        return today.year, today.month
    return year, month


def event_calendar(request, slug):
    process = process_for_user(request, slug)
    internal = request.user.has_perm("library.view_internal_documents", process)
    year, month = _month(request)
    cal = selectors.calendar_month(process=process, internal=internal, year=year, month=month)
    now = timezone.now()
    upcoming = selectors.calendar_entries(process=process, internal=internal, start=now)[:5]
    recent = selectors.calendar_entries(process=process, internal=internal, end=now)[-5:][::-1]
    return render(
        request,
        "library/event_calendar.html",
        {
            "process": process,
            "calendar": cal,
            "upcoming": upcoming,
            "recent": recent,
            "can_manage": request.user.has_perm("library.manage", process),
        },
    )


def _event(request, slug, pk):
    process = process_for_user(request, slug)
    internal = request.user.has_perm("library.view_internal_documents", process)
    from django.shortcuts import get_object_or_404

    return process, get_object_or_404(
        selectors.events_for(process=process, internal=internal), pk=pk
    )


def event_detail(request, slug, pk):
    process, event = _event(request, slug, pk)
    return render(
        request,
        "library/event_detail.html",
        {
            "process": process,
            "event": event,
            "can_manage": request.user.has_perm("library.manage", process),
        },
    )


def event_create(request, slug):
    process = process_for_user(request, slug)
    require(request, "library.manage", process)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(process=process, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event was saved."))
            return redirect(event)
    return render(
        request, "library/event_form.html", {"process": process, "form": form, "event": None}
    )


def event_edit(request, slug, pk):
    process, event = _event(request, slug, pk)
    require(request, "library.manage", process)
    editable = type(event).objects.get(pk=event.pk)
    form = EventForm(request.POST or None, instance=editable)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_update(event=event, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(event)
    return render(
        request, "library/event_form.html", {"process": process, "form": form, "event": event}
    )


@require_POST
def event_delete(request, slug, pk):
    process, event = _event(request, slug, pk)
    require(request, "library.manage", process)
    services.event_delete(event=event, actor=request.user)
    messages.success(request, _("The event was deleted."))
    return redirect("library:event_calendar", slug=process.slug)


def event_ical(request, slug):
    """Public events and public meetings of a published process as an iCal feed."""
    process = process_for_user(AnonymousUser(), slug)  # the public's calendar
    entries = selectors.calendar_entries(process=process, internal=False)
    body = ical_calendar(process=process, entries=entries, site_url=settings.SITE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{process.slug}.ics"'
    return response


# --- output indicators (the funder's, not a plan's) ---


def _output_indicator_range(request, process):
    if "od" in request.GET or "do" in request.GET:
        form = OutputIndicatorsForm(request.GET)
        if form.is_valid():
            return form, form.cleaned_data["od"], form.cleaned_data["do"]
        return form, None, None
    start, end = selectors.output_indicators_default_range(process=process)
    return OutputIndicatorsForm(initial={"od": start, "do": end}), start, end


def output_indicators(request, slug):
    process = process_for_user(request, slug)
    require(request, "library.view_output_indicators", process)
    form, start, end = _output_indicator_range(request, process)
    result = None
    if start is not None:
        result = selectors.output_indicators(process=process, date_from=start, date_to=end)
    return render(
        request,
        "library/output_indicators.html",
        {"process": process, "form": form, "output_indicators": result},
    )


def output_indicators_xlsx(request, slug):
    process = process_for_user(request, slug)
    require(request, "library.view_output_indicators", process)
    form, start, end = _output_indicator_range(request, process)
    if start is None:
        return render(
            request,
            "library/output_indicators.html",
            {"process": process, "form": form, "output_indicators": None},
            status=400,
        )
    result = selectors.output_indicators(process=process, date_from=start, date_to=end)
    return tables.download(
        exports.output_indicators_xlsx(process=process, output_indicators=result),
        fmt="xlsx",
        file_name=f"vystupove-ukazatele-{process.slug}-{start:%Y%m%d}-{end:%Y%m%d}",
    )
