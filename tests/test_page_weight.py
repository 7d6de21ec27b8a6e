"""Page weight of the demo's public pages (issue 16, "Page weight"): each page's HTML with its
styles and scripts (as WhiteNoise serves them, gzip) stays under 150 KB without map tiles.
The catalogue's own pages are also measured with a catalogue shaped like the national one
(socplan/catalogue/tests/test_page_weight.py); these are the pages of a whole process: its
page, its plan, the catalogue search with results and a service."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

KB = 1024
PAGE_LIMIT = 150 * KB  # a public page with its styles and scripts, without map tiles
CATALOGUE_HOME_LIMIT = 53 * KB // 2


def _static_bytes(html: str) -> int:
    total = 0
    for url in re.findall(r'<(?:link rel="stylesheet"|script)[^>]*(?:href|src)="([^"]+)"', html):
        assert url.startswith("/"), url  # nothing from elsewhere
        if not url.startswith("/static/"):  # a stylesheet of the site (a process's colour)
            continue
        path = finders.find(url.split("?")[0].removeprefix("/static/"))
        assert path, url
        with open(path, "rb") as handle:
            total += len(gzip.compress(handle.read(), compresslevel=9))
    return total


def _public_pages():
    from socplan.catalogue.models import Service
    from socplan.organisation.models import PlanningProcess
    from socplan.planning.models import Plan

    process = PlanningProcess.objects.filter(is_demo=True, is_published=True).first()
    plan = next(p for p in Plan.objects.filter(process=process).order_by("pk") if p.is_public)
    service = Service.objects.order_by("pk").first()
    return {
        "home": reverse("home:index"),
        "catalogue home": reverse("catalogue:home"),
        "catalogue search": reverse("catalogue:home") + "?q=slu%C5%BEba",
        "process": process.get_absolute_url(),
        "plan": plan.get_absolute_url(),
        "service": reverse("catalogue:service_detail", kwargs={"pk": service.pk}),
    }


@pytest.mark.parametrize("language", ["cs", "en"])
def test_the_public_pages_of_the_demo_weigh_under_150_kb(shared_demo, client, settings, language):
    settings.LANGUAGE_CODE = language
    weights = {}
    for name, url in _public_pages().items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, (name, url)
        html = response.content.decode()
        if name == "catalogue search":
            assert 'class="service-card' in html  # with results
        weights[name] = (len(response.content), _static_bytes(html))
    over = {name: w for name, w in weights.items() if sum(w) >= PAGE_LIMIT}
    assert not over, over
    # The catalogue's home page had 53 KB of HTML: half (a page of results, the filters'
    # frequent values, the life situations by their names; the rest a link away).
    assert weights["catalogue home"][0] <= CATALOGUE_HOME_LIMIT, weights["catalogue home"]
