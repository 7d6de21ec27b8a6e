"""``str.isdigit`` takes "²", on which ``int()`` raises: the code asks
:func:`socplan.core.numbers.is_digits` instead, everywhere."""

import ast
from pathlib import Path

from django.conf import settings

from socplan.core.numbers import is_digits


def test_it_takes_only_ascii_digits():
    assert is_digits("2026") and is_digits("0")
    assert not is_digits("²") and not is_digits("①") and not is_digits("٣")
    assert not is_digits("") and not is_digits("-1") and not is_digits("1 339")


def test_no_code_calls_isdigit():
    root = Path(settings.BASE_DIR)
    found = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root).as_posix()
        if "/tests/" in rel or rel.startswith("testing/") or rel == "core/numbers.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "isdigit":
                found.append(f"{rel}:{node.lineno}")
    assert found == []


def test_a_survey_address_with_a_superscript_digit_is_not_found(client, db):
    response = client.get("/api/pruzkumy/²")
    assert response.status_code == 404
