from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from socplan.organisation import selectors as process_selectors


def _with_timelines(processes):
    """The processes as a list, each with its phase timeline of today."""
    processes = list(processes)
    for process in processes:
        process.timeline = process_selectors.process_timeline(process=process)
    return processes


def home(request):
    processes = process_selectors.published_processes()
    return render(request, "core/home.html", {"processes": _with_timelines(processes)})


@login_required
def dashboard(request):
    processes = _with_timelines(process_selectors.processes_for_dashboard(user=request.user))
    roles = process_selectors.roles_by_process(user=request.user)
    for process in processes:
        process.my_roles = roles.get(process.pk, [])
    return render(request, "core/dashboard.html", {"processes": processes})


def accessibility(request):
    return render(request, "core/accessibility.html")
