"""The README's pictures, taken from a running demo with Playwright and Debian's chromium.

    make run                                   # the demo at http://127.0.0.1:8000 (another shell)
    .venv/bin/python docs/screenshots.py       # writes docs/home.png, docs/catalogue-phone.png,
                                               # docs/plan.png

``--url`` points at another server; ``SOCPLAN_CHROMIUM`` at another chromium. The pages are
taken in Czech (the interface's default), the home and plan pages at a laptop's width and the
catalogue at a phone's (375 px).
"""

import argparse
import os
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("SOCPLAN_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
PROCESS = "/procesy/kpss-orp-humpolec/"


def take(browser, base: str, path: str, out: Path, *, viewport: dict, phone=False, full=False):
    context = browser.new_context(
        base_url=base,
        viewport=viewport,
        locale="cs-CZ",
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=2 if phone else 1,
    )
    page = context.new_page()
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(out), full_page=full)
    context.close()
    print(f"{out.relative_to(DOCS.parent)} ← {base}{path}")


def plan_path(browser, base: str) -> str:
    """The address of the demo's medium-term plan, from the process's list of plans."""
    context = browser.new_context(base_url=base)
    page = context.new_page()
    page.goto(PROCESS + "plan/")
    hrefs = page.eval_on_selector_all(
        "main a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    context.close()
    plans = [h for h in hrefs if re.fullmatch(rf"{PROCESS}plan/\d+/", h)]
    if not plans:
        raise SystemExit(f"No plan found at {base}{PROCESS}plan/: is the demo loaded?")
    return plans[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running demo")
    base = parser.parse_args().url.rstrip("/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        take(browser, base, "/", DOCS / "home.png", viewport=DESKTOP)
        take(
            browser,
            base,
            "/katalog/?q=senior",
            DOCS / "catalogue-phone.png",
            viewport=PHONE,
            phone=True,
        )
        take(browser, base, plan_path(browser, base), DOCS / "plan.png", viewport=DESKTOP)
        browser.close()


if __name__ == "__main__":
    main()
