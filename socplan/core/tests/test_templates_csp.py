"""Every page template satisfies the Content-Security-Policy (socplan.core.middleware): no
inline script, no style="" or on*="" attribute, no hx-on (htmx's eval), no javascript: link.
E-mails are not pages and are left out (PDFs are typeset by Typst from data, not from
templates)."""

import re
from pathlib import Path

from django.conf import settings

SOCPLAN = Path(settings.BASE_DIR)

FORBIDDEN = [
    (
        re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>"),
        "inline <script>",
    ),
    (re.compile(r"\sstyle=[\"']"), 'style="" attribute'),
    (re.compile(r"\son[a-z]+=[\"']"), 'on*="" handler'),
    (re.compile(r"\shx-on[:-]"), "hx-on attribute (needs eval)"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: link"),
]


def page_templates():
    for path in sorted(SOCPLAN.rglob("templates/**/*.html")):
        relative = path.relative_to(SOCPLAN).as_posix()
        text = path.read_text(encoding="utf-8")
        if "email" in relative:
            continue
        yield relative, text


def test_no_template_needs_an_unsafe_policy():
    found = []
    for relative, text in page_templates():
        for pattern, what in FORBIDDEN:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{relative}:{line}: {what}")
    assert found == [], "\n".join(found)


def test_the_check_sees_what_it_looks_for():
    bad = '<script>x()</script><p style="color:red" onclick="y()" hx-on::load="z">'
    assert [what for pattern, what in FORBIDDEN if pattern.search(bad)] == [
        "inline <script>",
        'style="" attribute',
        'on*="" handler',
        "hx-on attribute (needs eval)",
    ]
    assert not any(p.search('<script src="/static/a.js" defer></script>') for p, _ in FORBIDDEN)
