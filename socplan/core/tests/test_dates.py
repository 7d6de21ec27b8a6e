"""One date format in the Czech interface ("6. 12. 2026") and one long one ("6. prosince
2026"), both defined once (core/formats) and named by every template."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

DAY = datetime.date(2026, 12, 6)
# Formats for machines (ISO, attributes, sorting) or parts of a date, not a date for people.
MACHINE = {"c", "Y-m-d", "Y", "n", "l", "F Y", "U", "N"}
NAMED = {"SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "DATE_FORMAT", "DATETIME_FORMAT"}


def test_the_czech_formats():
    with translation.override("cs"):
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "6. 12. 2026"
        assert date_format(DAY, "DATE_FORMAT") == "6. prosince 2026"
        moment = datetime.datetime(2026, 12, 6, 9, 5)
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == "6. 12. 2026 9:05"


def test_the_english_formats_are_unambiguous():
    with translation.override("en"):
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "6 Dec 2026"  # never 12/06/2026
        assert date_format(DAY, "DATE_FORMAT") == "6 December 2026"
        moment = datetime.datetime(2026, 12, 6, 9, 5)
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == "6 Dec 2026, 09:05"


def test_templates_name_a_format_instead_of_writing_a_pattern():
    root = Path(settings.BASE_DIR)
    patterns = {}
    for path in root.rglob("templates/**/*"):
        if path.suffix not in {".html", ".txt"}:
            continue
        text = path.read_text(encoding="utf-8")
        for argument in re.findall(r"\|date:([\"'])(.*?)\1", text):
            if argument[1] not in MACHINE | NAMED:
                patterns.setdefault(str(path.relative_to(root)), []).append(argument[1])
        interface = "/documents/" not in str(path) and "/email/" not in str(path)
        if interface and re.search(r"\|date(?=[\s}|%])", text):
            patterns.setdefault(str(path.relative_to(root)), []).append("long by default")
    assert patterns == {}


@pytest.mark.django_db
def test_the_interface_shows_the_short_czech_date(client, settings, process):
    settings.LANGUAGE_CODE = "cs"

    content = client.get(process.get_absolute_url()).content.decode()

    assert "1. 9. 2017" in content  # the first phase's start
    assert "01.09.2017" not in content and "1. září 2017" not in content
