"""axe at phone width (375 px) on every public page of the demo (issue 15).

The demo is loaded once; the public pages are found by following the links an anonymous
visitor sees, from the home page, the demo process and the catalogue (one page per kind of
page: the first address of each view, so that 300 service details count once). Each page is
then opened in a phone-sized browser and checked with axe-core; every violation of every
page is reported together.
"""

from collections import deque
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from .conftest import format_violations, run_axe

PHONE = {"width": 375, "height": 800}
# Not pages: files, feeds, exports, the API and the admin.
SKIP_PREFIXES = ("/static/", "/media/", "/admin/", "/api/", "/i18n/")
SKIP_VIEW_WORDS = ("download", "export", "feed", "ics", "rss", "file", "csv", "xlsx", "docx")
MAX_PAGES = 80


def public_pages(start: list[str]) -> dict[str, str]:
    """The first address of each public view reachable from ``start`` by an anonymous
    visitor: {view name: address}."""
    client = Client()
    found: dict[str, str] = {}
    queue = deque(start)
    seen = set()
    while queue and len(found) < MAX_PAGES:
        address = queue.popleft()
        path = urlsplit(address).path
        if address in seen or path.startswith(SKIP_PREFIXES):
            continue
        seen.add(address)
        try:
            view = resolve(path).view_name
        except Resolver404:
            continue
        if view in found or any(word in view for word in SKIP_VIEW_WORDS):
            continue
        response = client.get(address)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        found[view] = address
        page = lxml.html.fromstring(response.content)
        for href in page.xpath("//a/@href"):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    from socplan.core.demo import load_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LIBRARY_ROOT = tmp_path / "library"
    settings.PRIVATE_ROOT = tmp_path / "private"
    load_demo()


def test_every_public_page_of_the_demo_is_accessible_at_phone_width(demo, new_context):
    from socplan.organisation.models import PlanningProcess

    process = PlanningProcess.objects.get(slug="kpss-orp-humpolec")
    pages = public_pages(
        [reverse("home:index"), process.get_absolute_url(), reverse("catalogue:home")]
    )
    assert len(pages) >= 15, sorted(pages)  # the crawl went past the first pages
    assert {"home:index", "organisation:process_detail", "catalogue:home"} <= set(pages)

    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    failures = []
    for view, address in sorted(pages.items()):
        page.goto(address)
        violations = run_axe(page)
        if violations:
            failures.append(f"{view} {address}\n{format_violations(violations)}")
    assert not failures, "\n\n".join(failures)
