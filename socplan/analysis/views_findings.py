"""Pages of the findings register: the list (with the measures that answer each finding
and the open needs), adding, editing and deleting a finding, exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from socplan.core.forms import add_service_errors
from socplan.core.permissions import require

from . import exports, selectors, services
from .forms import FindingForm
from .models import Finding
from .views_swot import _process


def _list_url(process) -> str:
    return reverse("analysis:finding_list", kwargs={"slug": process.slug})


def finding_list(request, slug):
    process = _process(request, slug)
    source_kind = request.GET.get("zdroj", "")
    if source_kind not in Finding.SourceKind.values:
        source_kind = ""
    open_only = request.GET.get("otevrene") == "1"
    findings = selectors.findings_of_process(
        process=process, source_kind=source_kind, open_only=open_only, live=True
    )
    return render(
        request,
        "analysis/finding_list.html",
        {
            "process": process,
            "findings": findings,
            "open_needs": [f for f in findings if f.is_open],
            "source_kind": source_kind,
            "source_choices": Finding.SourceKind.choices,
            "open_only": open_only,
            "can_manage": request.user.has_perm("analysis.manage_findings", process),
        },
    )


def _save(request, process, form, finding=None):
    data = form.finding_fields()
    if finding is None:
        statement = data.pop("statement")
        return services.finding_create(
            actor=request.user, process=process, statement=statement, **data
        )
    return services.finding_update(actor=request.user, finding=finding, **data)


def _form_page(request, process, finding=None):
    require(request, "analysis.manage_findings", process)
    initial = {}
    if finding is None and request.GET.get("swot"):
        initial = {"source_kind": Finding.SourceKind.SWOT, "swot_item": request.GET["swot"]}
    form = FindingForm(request.POST or None, instance=finding, process=process, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save(request, process, form, finding)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The finding %(code)s was saved.") % {"code": saved.code})
            return redirect(_list_url(process) + f"#finding-{saved.pk}")
    return render(
        request,
        "analysis/finding_form.html",
        {"process": process, "finding": finding, "form": form},
        status=400 if form.errors else 200,
    )


def finding_create(request, slug):
    return _form_page(request, _process(request, slug))


def finding_edit(request, slug, pk):
    process = _process(request, slug)
    finding = selectors.finding_in_process(process=process, pk=pk)
    return _form_page(request, process, finding)


def finding_delete(request, slug, pk):
    process = _process(request, slug)
    require(request, "analysis.manage_findings", process)
    finding = selectors.finding_in_process(process=process, pk=pk)
    if request.method == "POST":
        services.finding_delete(actor=request.user, finding=finding)
        messages.success(request, _("The finding was deleted."))
        return redirect(_list_url(process))
    return render(request, "analysis/finding_delete.html", {"process": process, "finding": finding})


def finding_export(request, slug, format):
    process = _process(request, slug)
    if format not in exports.FORMATS:
        raise Http404
    return exports.table_response(
        exports.findings_table(process=process), format=format, name=f"zjisteni-{process.slug}"
    )
