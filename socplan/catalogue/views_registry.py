"""Register import from the web (catdata): start a background import, list past imports."""

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from socplan.core.files import private_storage
from socplan.core.jobs import job_start
from socplan.core.permissions import require

from . import jobs, selectors, services
from .forms_registry import RegistryImportForm

# Uploaded register files wait for their import in the private storage (never under
# MEDIA_ROOT, never served); the import job removes them when done.
UPLOAD_DIR = "registry-imports"


@require_http_methods(["GET", "POST"])
def registry_imports(request: HttpRequest) -> HttpResponse:
    require(request, "catalogue.view_registry_imports")
    services.registry_imports_mark_dead()
    can_import = request.user.has_perm("catalogue.import_registry")
    form = RegistryImportForm()
    if request.method == "POST":
        require(request, "catalogue.import_registry")
        form = RegistryImportForm(request.POST, request.FILES)
        if form.is_valid():
            token = uuid.uuid4().hex
            upload = ""
            file_name = ""
            if form.cleaned_data.get("file"):
                uploaded = form.cleaned_data["file"]
                file_name = uploaded.name[:200]
                upload = private_storage().save(f"{UPLOAD_DIR}/{token}.json", uploaded)
            job = job_start(
                function=jobs.JOB_FUNCTION,
                title=_("Import of the register of providers"),
                params={
                    "token": token,
                    "upload": upload,
                    "file_name": file_name,
                    "download": bool(form.cleaned_data.get("download")),
                    "force": bool(form.cleaned_data.get("force")),
                    "user_id": request.user.pk,
                },
                user=request.user,
            )
            return redirect(job.get_absolute_url())
    return render(
        request,
        "catalogue/registry/imports.html",
        {
            "form": form,
            "can_import": can_import,
            "imports": selectors.registry_imports()[:50],
            "last": selectors.last_successful_import(),
        },
    )


def registry_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "catalogue.view_registry_imports")
    services.registry_imports_mark_dead()
    run = get_object_or_404(selectors.registry_imports(), pk=pk)
    return render(request, "catalogue/registry/import_detail.html", {"run": run})
