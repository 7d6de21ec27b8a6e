"""Exports that cannot run formulas and links that cannot run scripts (issue 10)."""

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from openpyxl import Workbook, load_workbook

from socplan.core import spreadsheets
from socplan.core.links import http_url, validate_http_url

PACKAGE = Path(__file__).resolve().parents[2]
DANGEROUS = ["=1+2", "+420 565 532 111", "-2+3", "@SUM(A1:A2)", "\t=1", '=HYPERLINK("x")']


def test_csv_values_never_start_a_formula():
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(spreadsheets.csv_row([*DANGEROUS, -5, 2.5, None, datetime.date(2026, 1, 2)]))
    row = next(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";"))
    assert row[: len(DANGEROUS)] == ["'" + value for value in DANGEROUS]
    assert row[len(DANGEROUS) :] == ["-5", "2.5", "", "2026-01-02"]  # numbers stay numbers


def test_xlsx_keeps_formula_like_texts_as_text_and_drops_illegal_characters():
    workbook = Workbook()
    sheet = workbook.active
    spreadsheets.xlsx_append(sheet, [*DANGEROUS, "Dům\x00 s\x1b službou", 7])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())[0]
    assert [cell.value for cell in cells[: len(DANGEROUS)]] == DANGEROUS
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells[: len(DANGEROUS)])
    assert cells[len(DANGEROUS)].value == "Dům s službou"
    assert cells[-1].value == 7 and cells[-1].data_type == "n"


def test_write_only_xlsx_cells_are_safe_too():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("x")
    sheet.append(spreadsheets.xlsx_cells(sheet, ["=1+2", "ok"]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())[0]
    assert (cells[0].value, cells[0].data_type) == ("=1+2", "s")


def test_every_exporter_writes_through_the_safe_helpers():
    """A new CSV or XLSX writer must use socplan.core.spreadsheets (or this test fails)."""
    writer = re.compile(r"csv\.(?:Dict)?[wW]riter\(|(?<![_a-z])Workbook\(")
    unsafe = []
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or path.name == "spreadsheets.py":
            continue
        text = path.read_text(encoding="utf-8")
        if writer.search(text) and "spreadsheets." not in text:
            unsafe.append(str(path.relative_to(PACKAGE)))
    assert unsafe == []


@pytest.mark.parametrize(
    ("stored", "linked"),
    [
        ("https://www.humpolec.cz/", "https://www.humpolec.cz/"),
        ("HTTP://Humpolec.cz", "HTTP://Humpolec.cz"),
        ("www.humpolec.cz", "https://www.humpolec.cz"),
        ("humpolec.cz/socialni", "https://humpolec.cz/socialni"),
        ("javascript:alert(1)", ""),
        (" JavaScript:alert(1)", ""),
        ("java\tscript:alert(1)", ""),
        ("javascript://%0aalert(1)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("vbscript:msgbox", ""),
        ("//evil.example", ""),
        ("mailto:x@y.cz", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_only_http_addresses_are_linked(stored, linked):
    assert http_url(stored) == linked
    rendered = Template(
        '{% load links %}{% with href=url|http_url %}{% if href %}<a href="{{ href }}">'
        "{{ url }}</a>{% else %}{{ url }}{% endif %}{% endwith %}"
    ).render(Context({"url": stored}))
    assert ("<a " in rendered) == bool(linked)
    assert 'href="javascript' not in rendered.lower()


def test_forms_refuse_addresses_that_are_not_web_addresses():
    from django.core.exceptions import ValidationError

    validate_http_url("www.humpolec.cz")
    validate_http_url("")
    with pytest.raises(ValidationError):
        validate_http_url("javascript:alert(1)")
