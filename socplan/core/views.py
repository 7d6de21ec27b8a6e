import sys

from django.db import InterfaceError, OperationalError
from django.http import FileResponse, Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.csrf import requires_csrf_token

from socplan.core.branding import site_branding
from socplan.core.jobs import job_check_liveness, job_progress
from socplan.core.models import Job
from socplan.core.permissions import require


def brand_css(request):
    """The installation's accent colour as a stylesheet (no inline style: CSP). Asked for
    with the version of its content (``?v=``, as base.html links it) it is cached for good;
    otherwise for an hour."""
    branding = site_branding()
    response = HttpResponse(branding.stylesheet, content_type="text/css; charset=utf-8")
    if request.GET.get("v") == branding.css_version:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=3600"
    return response


def favicon(request):
    """``/favicon.ico`` for browsers that ask for it whatever the page links."""
    return HttpResponsePermanentRedirect(static("socplan/favicon.ico"))


def accessibility(request):
    return render(request, "core/accessibility.html")


def job_detail(request, pk):
    """The state of a background job; htmx polls the status fragment while it runs, and
    without JavaScript the "Refresh" link does the same."""
    job = get_object_or_404(Job, pk=pk)
    require(request, "core.view_job", job)
    state = job_check_liveness(job)  # a job whose worker died is failed, not "running"
    context = {"job": job, "progress": job_progress(job), **state}
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


# --- error pages -------------------------------------------------------------------------
# Czech with English, in the site's shell, never with internal detail. 500 and 503 are
# rendered without the request's context processors: no query may run while the database is
# what failed.

DATABASE_DOWN = (OperationalError, InterfaceError)


def _error_page(request, code: int, *, with_request: bool = True) -> HttpResponse:
    template = loader.get_template("errors/error.html")
    context = {"code": code, "minimal": not with_request}
    content = template.render(context, request if with_request else None)
    response = HttpResponse(content, status=code)
    if code == 503:
        response["Retry-After"] = "120"
    return response


@requires_csrf_token
def bad_request(request, exception=None):
    return _error_page(request, 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _error_page(request, 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error_page(request, 404)


def server_error(request):
    """500, or 503 when the exception being handled says the database cannot be reached."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_DOWN):
        return _error_page(request, 503, with_request=False)
    return _error_page(request, 500, with_request=False)
