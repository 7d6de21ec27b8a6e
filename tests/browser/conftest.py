"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server.

No browser is ever downloaded: the tests use the system chromium (``/usr/bin/chromium``, or
``SOCPLAN_CHROMIUM``). When it is missing the tests fail with a clear message; set
``SOCPLAN_SKIP_BROWSER=1`` to skip them on purpose. axe-core comes from npm
(``node_modules/axe-core/axe.min.js``, installed by ``make test``).

The data is committed here (the live server answers from another thread), so this file
overrides the personas' ``area``, ``process``, ``staff`` and ``_test_defaults`` of the root
conftest.py with its own, built with ``socplan.testing``.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from socplan import testing

# Playwright's sync API keeps an asyncio event loop in the test thread; Django would refuse
# database access from it ("SynchronousOnlyOperation") although nothing runs concurrently.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO_DIR = Path(__file__).resolve().parents[2]
AXE_JS = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("SOCPLAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "correct-horse-battery-staple"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    skip = os.environ.get("SOCPLAN_SKIP_BROWSER", "").strip().lower() in {"1", "true", "yes"}
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if skip:
                item.add_marker(pytest.mark.skip(reason="SOCPLAN_SKIP_BROWSER=1"))


@pytest.fixture(autouse=True)
def _test_defaults(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.RATELIMIT_ENABLED = False  # the tests post from one address
    # The cache of this test process: the file cache of var/ is shared by parallel workers and
    # runs, and would hand one worker's search index to another.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # The hashed-name manifest only exists after `collectstatic` (done by `socplan serve`);
    # the live server serves the source files, as in development.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"The browser tests need Debian's chromium at {CHROMIUM} "
            "(apt-get install chromium; or point SOCPLAN_CHROMIUM at another chromium). "
            "Set SOCPLAN_SKIP_BROWSER=1 to skip the browser tests on purpose.",
            pytrace=False,
        )
    if not AXE_JS.exists():
        pytest.fail(
            f"axe-core is missing at {AXE_JS}: run `npm install` in {REPO_DIR} "
            "(`make test` does it).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
    except Exception as error:
        playwright.stop()
        pytest.fail(f"Chromium at {CHROMIUM} did not start: {error}", pytrace=False)
    yield browser
    browser.close()
    playwright.stop()


def _only_local(live_server):
    """Route handler: requests to anything but the live server (map tiles, ...) are aborted,
    so the tests never touch the network and never wait for it."""
    origin = urlsplit(live_server.url).netloc

    def handle(route):
        url = urlsplit(route.request.url)
        if url.scheme in {"http", "https"} and url.netloc != origin:
            route.abort()
        else:
            route.continue_()

    return handle


@pytest.fixture
def new_context(browser, live_server):
    """Factory for extra browser contexts (no JavaScript, phone, ...); closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("locale", "cs-CZ")
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(15_000)
        context.route("**/*", _only_local(live_server))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def url(live_server):
    """``url("home:index")`` -> absolute address on the live server."""

    def make(name, *args, **kwargs):
        return live_server.url + reverse(name, args=args or None, kwargs=kwargs or None)

    return make


@pytest.fixture
def area(transactional_db):
    return testing.make_area()


@pytest.fixture
def process(area):
    return testing.make_process(area=area)


@pytest.fixture
def staff(transactional_db, django_user_model):
    user = django_user_model.objects.create_user(
        email="staff@example.org", password=PASSWORD, full_name="Site Staff", is_staff=True
    )
    user.test_password = PASSWORD
    return user


@pytest.fixture
def sign_in(url):
    """Signs the user in through the login form, as a person would."""

    def do(page, user):
        page.goto(url("accounts:login"))
        form = page.locator("main form").filter(has=page.locator("input[type=password]"))
        form.locator("input[type=email], input[name=username], input[name=email]").first.fill(
            user.email
        )
        form.locator("input[type=password]").fill(user.test_password)
        form.locator("button[type=submit], input[type=submit]").first.click()
        page.wait_for_load_state()

    return do


@pytest.fixture
def user(transactional_db, django_user_model):
    user = django_user_model.objects.create_user(
        email="member@example.org", password=PASSWORD, full_name="Členka Dvořáková"
    )
    user.test_password = PASSWORD
    return user


def format_violations(violations) -> str:
    lines = [f"{len(violations)} axe violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f"\n  {violation.get('helpUrl', '')}"
        )
        for node in violation["nodes"]:
            lines.append(f"    target: {', '.join(map(str, node['target']))}")
            lines.append(f"    html:   {node['html']}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n            ")
            if summary:
                lines.append(f"    why:    {summary}")
    return "\n".join(lines)


def run_axe(page) -> list:
    """Runs axe-core (WCAG 2.0/2.1 A and AA rules) in the page; returns the violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluated through the DevTools protocol, not as a <script> tag: the pages'
        # Content-Security-Policy refuses inline scripts
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    results = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return {violations: results.violations, passes: results.passes.length};
        }""",
        AXE_TAGS,
    )
    assert results["passes"] > 0, "axe-core ran no rule at all: is the page empty?"
    return results["violations"]


@pytest.fixture
def assert_accessible():
    def check(page):
        violations = run_axe(page)
        if violations:
            pytest.fail(f"{page.url}\n{format_violations(violations)}", pytrace=False)

    return check
