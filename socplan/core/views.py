from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from socplan.core.jobs import job_progress
from socplan.core.models import Job
from socplan.core.permissions import require


def accessibility(request):
    return render(request, "core/accessibility.html")


def job_detail(request, pk):
    """The state of a background job; htmx polls the status fragment while it runs, and
    without JavaScript the "Refresh" link does the same."""
    job = get_object_or_404(Job, pk=pk)
    require(request, "core.view_job", job)
    context = {"job": job, "progress": job_progress(job)}
    if request.htmx:
        return render(request, "core/job_status.html", context)
    return render(request, "core/job_detail.html", context)


def job_file(request, pk):
    job = get_object_or_404(Job, pk=pk)
    require(request, "core.view_job", job)
    if not job.result_file:
        raise Http404
    return FileResponse(
        job.result_file.open("rb"),
        as_attachment=True,
        filename=job.result_file.name.rsplit("/", 1)[-1],
    )
