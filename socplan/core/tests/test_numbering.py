"""Numbered items (:mod:`socplan.core.numbering`): the next number of a parent, codes and
names of items."""

from types import SimpleNamespace

import pytest

from socplan.core.models import Job
from socplan.core.numbering import CodedItem, NumberedItem, next_number


@pytest.mark.django_db
def test_next_number_follows_the_highest_not_the_count():
    jobs = Job.objects.filter(function="numbering.test")
    assert next_number(jobs, "id") == 1
    first = Job.objects.create(function="numbering.test", title="a")
    last = Job.objects.create(function="numbering.test", title="b")
    first.delete()
    assert next_number(jobs, "id") == last.pk + 1
    assert next_number(jobs, "pk") == last.pk + 1


class Finding(NumberedItem, SimpleNamespace):
    code_prefix, code_digits, code_text_field = "Z", 2, "statement"


class Measure(CodedItem, SimpleNamespace):
    pass


def test_codes_and_names():
    assert Finding(number=7, statement="Chybí odlehčovací služby").code == "Z07"
    assert str(Finding(number=123, statement="Text")) == "Z123 Text"
    assert str(Measure(code="1.2", title="Domov pro seniory")) == "1.2 Domov pro seniory"
    assert str(Measure(code="", title="Bez kódu")) == "Bez kódu"
