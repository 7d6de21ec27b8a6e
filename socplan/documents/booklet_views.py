"""The catalogue booklet page of a process: the public downloads the latest booklet, a
coordinator generates a new one in the background."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from socplan.core.jobs import job_start
from socplan.core.permissions import require
from socplan.organisation.guards import process_for_user

from . import booklet
from .booklet_forms import BookletForm


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
