"""The home page (published processes) and a signed-in user's dashboard."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


def _with_timelines(processes):
    """The processes as a list, each with its phase timeline of today."""
    processes = list(processes)
    for process in processes:
        process.timeline = selectors.process_timeline(process=process)
    return processes


def home(request):
    processes = selectors.published_processes()
    return render(request, "organisation/home.html", {"processes": _with_timelines(processes)})


@login_required
def dashboard(request):
    processes = _with_timelines(selectors.processes_for_dashboard(user=request.user))
    roles = selectors.roles_by_process(user=request.user)
    for process in processes:
        process.my_roles = roles.get(process.pk, [])
    return render(request, "organisation/dashboard.html", {"processes": processes})
