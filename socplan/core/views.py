from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from socplan.organisation import selectors as process_selectors


def home(request):
    processes = process_selectors.processes_visible_to(user=request.user)
    return render(request, "core/home.html", {"processes": processes})


@login_required
def dashboard(request):
    processes = process_selectors.processes_visible_to(user=request.user, include_unpublished=True)
    return render(request, "core/dashboard.html", {"processes": processes})


def accessibility(request):
    return render(request, "core/accessibility.html")
