"""No English word on a Czech page: the demo, browsed in Czech by the public and by its
coordinator, following the links of its pages (documents, whose tests may read every app,
hold this test of the whole site)."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

# Words of the interface that leak when a string is not marked or not translated.
ENGLISH = [
    "Edit",
    "Delete",
    "Save",
    "Status",
    "status",
    "draft",
    "Cancel",
    "Add",
    "Remove",
    "Search",
    "Back",
    "Download",
    "Submit",
    "Close",
    "Show",
    "Hide",
    "Next",
    "Previous",
    "Yes",
    "No",
    "None",
    "Name",
    "Title",
    "Date",
    "Description",
    "planned",
    "approved",
    "done",
    "held",
    "cancelled",
    "in progress",
    "open",
    "Members",
    "Meeting",
    "Meetings",
    "Tasks",
    "Task",
    "Documents",
    "Groups",
    "Home",
    "Sign in",
    "Log in",
    "Log out",
    "Total",
    "Page",
    "of",
    "the",
    "and",
    "with",
    "Filter",
    "Reset",
    "Print",
    "More",
    "Details",
    "View",
    "New",
    "Priority",
    "Measure",
    "Activity",
    "Activities",
    "Municipality",
    "Population",
    "Year",
]
WORD = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w-])")
SKIP = re.compile(
    r"/(admin|api|i18n|media|static)/|/stahnout|/export/|\.(pdf|docx|xlsx|csv|ics)$|odhlasit"
)
MAX_PAGES = 80


def _untranslated_phrases() -> set[str]:
    """English phrases of the catalogue of messages whose Czech differs: shown as they are,
    they were not translated (e.g. a string used without gettext)."""
    import polib
    from django.conf import settings

    po = polib.pofile(str(settings.LOCALE_PATHS[0] / "cs" / "LC_MESSAGES" / "django.po"))
    phrases = {
        entry.msgid
        for entry in po
        if entry.msgstr
        and entry.msgstr != entry.msgid
        and " " in entry.msgid
        and not re.search(r"[%{<]", entry.msgid)
        and len(entry.msgid) >= 12
    }
    return phrases


class _Text(HTMLParser):
    """The text a reader meets: element text and the attributes read out or shown."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in {"script", "style", "template"}:
            self._skip += 1
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        for name in ("title", "alt", "aria-label", "placeholder"):
            if attributes.get(name):
                self.parts.append(attributes[name])
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _browse(client: Client, start: list[str]) -> dict[str, list[str]]:
    phrases = _untranslated_phrases()
    seen, shapes, queue, found = set(), set(), list(start), {}
    while queue and len(seen) < MAX_PAGES:
        url = urldefrag(queue.pop(0))[0]
        # One page of each kind: /setkani/1/ and /setkani/2/ are the same template.
        shape = re.sub(r"\d+", "N", url.split("?")[0])
        if url in seen or shape in shapes or SKIP.search(url):
            continue
        seen.add(url)
        shapes.add(shape)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        text = " ".join(" ".join(parser.parts).split())
        words = sorted(set(WORD.findall(text)) | {p for p in phrases if p in text})
        if words:
            found[url] = words
        for link in parser.links:
            parts = urlsplit(link)
            if not parts.scheme and not parts.netloc and parts.path.startswith("/"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert len(seen) > 20, seen
    return found


@pytest.mark.parametrize("who", ["public", "coordinator"])
def test_the_demo_speaks_only_czech(shared_demo, settings, who):
    from socplan.organisation.models import PlanningProcess

    settings.LANGUAGE_CODE = "cs"
    client = Client()
    if who == "coordinator":
        email, password, _label = next(
            login for login in shared_demo.logins if "oordin" in login[2] or "oordin" in login[0]
        )
        assert client.login(email=email, password=password)
    process = PlanningProcess.objects.get(slug="kpss-orp-humpolec")
    start = ["/", process.get_absolute_url(), "/katalog/"]

    assert _browse(client, start) == {}
