"""Every download of a generated document: the catalogue booklet (the public downloads the
latest one, a coordinator generates a new one in the background), the plan document (PDF
and DOCX), the minutes (PDF) and the attendance sheet of a meeting (PDF). The apps whose
data they print never import documents: their pages only link to these URLs."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socplan.consultation import selectors as consultation_selectors
from socplan.core.jobs import job_start, job_start_once, jobs_run_in_background
from socplan.core.permissions import require
from socplan.core.tables import download
from socplan.monitoring import selectors as monitoring_selectors
from socplan.organisation import selectors_structure as structure_selectors
from socplan.organisation.guards import (
    meeting_for_reader,
    process_for_user,
    readable_minutes_context,
)
from socplan.planning import selectors as plan_selectors

from . import booklet
from . import consultation as consultation_documents
from .attendance import attendance_sheet_pdf
from .forms import BookletForm
from .minutes import minutes_pdf as render_minutes_pdf
from .monitoring import FORMATS as REPORT_FORMATS
from .monitoring import (
    evaluation_docx,
    evaluation_file_name,
    evaluation_pdf,
    report_cached,
    report_docx,
    report_pdf,
)
from .monitoring import file_name as report_file_name
from .plan import JOB_FUNCTION as PLAN_JOB_FUNCTION
from .plan import PREPARE_JOB_FUNCTION as PLAN_PREPARE_JOB_FUNCTION
from .plan import plan_document as plan_document_of


def booklet_page(request, slug):
    process = process_for_user(request, slug)
    can_generate = request.user.has_perm("documents.generate_booklet", process)
    form = BookletForm(request.POST or None)
    if request.method == "POST":
        require(request, "documents.generate_booklet", process)
        if form.is_valid():
            area = process.planning_area
            job = job_start(
                function=booklet.JOB_FUNCTION,
                title=_("Catalogue booklet: %(area)s") % {"area": area.name},
                params={
                    "area_id": area.pk,
                    "process_id": process.pk,
                    "by": form.cleaned_data["by"],
                    "page_size": form.cleaned_data["page_size"],
                    "language": get_language(),
                },
                user=request.user,
            )
            return redirect(job.get_absolute_url())
    latest = booklet.latest_booklet(process)
    return render(
        request,
        "documents/booklet_page.html",
        {
            "process": process,
            "form": form,
            "can_generate": can_generate,
            "latest": latest,
            "running": booklet.running_booklet(process) if can_generate else None,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def booklet_download(request, slug):
    process = process_for_user(request, slug)
    latest = booklet.latest_booklet(process)
    if latest is None:
        raise Http404
    return FileResponse(
        latest.result_file.open("rb"),
        as_attachment=True,
        filename=latest.result_file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )


# --- the plan document ---------------------------------------------------------------------

DOCUMENT_FORMATS = ("pdf", "docx")


# A first download of a public plan whose document is not kept yet: typesetting takes
# seconds (a 40-page plan about 5 s of CPU), too long for a request thread. One background job
# makes it (concurrent downloads share it) while the address answers "being prepared" and
# reloads itself; once the file is kept the same address serves it. 202 Accepted rather than
# 200: the request is accepted and its result is not there yet, so a script (curl --fail,
# a link checker, a download manager) does not take the page for the document, and the
# answer is not cacheable (no-store besides). Without a worker alive (``runserver``, the
# immediate backend of the tests) the document is typeset in the request as before.
PREPARING_REFRESH = 5  # seconds between two reloads of the "being prepared" page
PREPARE_FAILED_PAUSE = 300  # seconds before a failed preparation is tried again
NO_REFRESH = "obnovovat"  # ?obnovovat=ne: the page does not reload itself (WCAG 2.2.1)


def plan_document_download(request, slug, pk, format):
    """The document of a public plan for everybody: kept until what it prints changes (see
    plan.plan_document); made by a background job the first time (see above)."""
    plan = plan_selectors.plan_get(process=process_for_user(request, slug), pk=pk)
    require(request, "planning.download_plan_document", plan)
    if format not in DOCUMENT_FORMATS:
        raise Http404
    language = get_language()
    document = plan_document_of(plan=plan, format=format, language=language)
    if not document.is_kept:
        if not jobs_run_in_background():
            document.make()
        else:
            job, _started = job_start_once(
                function=PLAN_PREPARE_JOB_FUNCTION,
                title=_("Public plan document: %(title)s (%(format)s)")
                % {"title": plan.title, "format": format.upper()},
                params={
                    "plan_id": plan.pk,
                    "format": format,
                    "language": language,
                    "key": document.key,
                },
                failed_pause=PREPARE_FAILED_PAUSE,
            )
            if not document.is_kept:
                return _document_preparing(request, plan=plan, job=job, format=format)
    return FileResponse(document.path.open("rb"), as_attachment=True, filename=document.name)


def _document_preparing(request, *, plan, job, format):
    failed = job.status == job.Status.FAILED
    refresh = not failed and request.GET.get(NO_REFRESH) != "ne"
    response = render(
        request,
        "documents/document_preparing.html",
        {
            "process": plan.process,
            "plan": plan,
            "format": format.upper(),
            "failed": failed,
            "refresh": PREPARING_REFRESH if refresh else None,
            "no_refresh_url": f"{request.path}?{NO_REFRESH}=ne",
        },
        status=503 if failed else 202,
    )
    response["Retry-After"] = str(PREPARE_FAILED_PAUSE if failed else PREPARING_REFRESH)
    add_never_cache_headers(response)
    return response


@require_POST
def plan_document(request, slug, pk):
    """Start the plan document (PDF or DOCX) as a background job and show its progress."""
    plan = plan_selectors.plan_get(process=process_for_user(request, slug), pk=pk)
    require(request, "planning.view_plan_internal", plan)
    fmt = request.POST.get("format")
    if fmt not in DOCUMENT_FORMATS:
        fmt = "pdf"
    job = job_start(
        function=PLAN_JOB_FUNCTION,
        title=_("Plan document: %(title)s (%(format)s)")
        % {"title": plan.title, "format": fmt.upper()},
        params={"plan_id": plan.pk, "format": fmt},
        user=request.user,
    )
    return redirect(job.get_absolute_url())


# --- the resolution table of a consultation round -------------------------------------------


def resolution_table_download(request, slug, pk, format):
    """The public resolution table of a round as PDF, DOCX or XLSX (hidden comments are
    never in it)."""
    round_ = consultation_selectors.round_get(process=process_for_user(request, slug), pk=pk)
    require(request, "consultation.view_round", round_)
    if format not in consultation_documents.FORMATS:
        raise Http404
    content, name = consultation_documents.table_file(
        round=round_, format=format, language=get_language()
    )
    return download(content, fmt=format, file_name=name.removesuffix(f".{format}"))


# --- the yearly monitoring report ------------------------------------------------------------


def monitoring_report(request, slug, pk, year, format):
    """The monitoring report of a year (PDF or DOCX): public once approved, for the people
    of the process at any time."""
    plan = plan_selectors.plan_get(process=process_for_user(request, slug), pk=pk)
    if format not in REPORT_FORMATS or plan.kind != plan.Kind.MEDIUM_TERM:
        raise Http404
    period = monitoring_selectors.period_get(plan=plan, year=year)
    require(request, "monitoring.view_period", period)
    if not period.is_locked:
        # being filled in: made afresh each time (its activities change without the period)
        render = report_pdf if format == "pdf" else report_docx
        return download(
            render(period=period, language=get_language()),
            fmt=format,
            file_name=report_file_name(period, format).removesuffix(f".{format}"),
        )
    path, name = report_cached(period=period, format=format)
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


def evaluation_report(request, slug, pk, format):
    """The evaluation of a plan at its end (PDF or DOCX): public once completed, for the
    people of the process while it is being written."""
    plan = plan_selectors.plan_get(process=process_for_user(request, slug), pk=pk)
    if format not in REPORT_FORMATS or plan.kind != plan.Kind.MEDIUM_TERM:
        raise Http404
    evaluation = monitoring_selectors.evaluation_of(plan=plan)
    if evaluation is None:
        raise Http404
    require(request, "monitoring.view_evaluation", evaluation)
    render = evaluation_pdf if format == "pdf" else evaluation_docx
    return download(
        render(evaluation=evaluation, language=get_language()),
        fmt=format,
        file_name=evaluation_file_name(evaluation, format).removesuffix(f".{format}"),
    )


# --- meetings: minutes and the attendance sheet -------------------------------------------


def minutes_pdf(request, slug, pk):
    meeting = meeting_for_reader(request, slug, pk)
    context = readable_minutes_context(request, meeting)
    if context["minutes"] is None:
        raise Http404
    pdf = render_minutes_pdf(meeting=meeting, public=context["public"], language=get_language())
    name = slugify(f"zapis-{meeting.starts_at:%Y-%m-%d}-{meeting.title}")[:80]
    return download(pdf, fmt="pdf", file_name=name, inline=True)


def meeting_attendance_sheet(request, slug, pk):
    process = process_for_user(request, slug)
    meeting = structure_selectors.meeting_by_pk(process=process, pk=pk)
    require(request, "organisation.manage_meeting", meeting)
    pdf = attendance_sheet_pdf(meeting=meeting, language=get_language())
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    return download(pdf, fmt="pdf", file_name=f"prezencni-listina-{day}")
