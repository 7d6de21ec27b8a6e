"""Years and ids are never formatted as numbers: in Czech a localized 2026 reads "2 026",
and an id 1339 in an address, a form value or an element id becomes "1 339" (with a no-break
space), which breaks the link, the form or the anchor.

Every template that prints a year (a variable or attribute named ``year``, ``*_year``,
``year_*``, ``period_start``, ``period_end``) or an id (``pk``, ``id``, ``*_pk``, ``*_id``)
passes it through ``stringformat`` or ``unlocalize``, in ``{{ }}`` and in the ``with`` of
``blocktranslate`` alike. (``{% url %}`` arguments are not localized: they need nothing.)
A form's field named ``id`` (``form.id``, the hidden id of a formset form) is a field, not
a number."""

import re
from pathlib import Path

from django.conf import settings

YEARISH = re.compile(
    r"(^|[._])(year|year_start|year_end|\w+_year|period_start|period_end|pk|id|\w+_pk|\w+_id)$"
)
FORM_FIELD = re.compile(r"^(\w*form)\.id$")
SAFE = re.compile(r"\|\s*(stringformat|unlocalize|date)\b")
OUTPUT = re.compile(r"\{\{\s*([^}]*?)\s*\}\}")
WITH_ARGUMENT = re.compile(r"\b(\w+)=((?:\"[^\"]*\"|'[^']*'|[^\s%\"'])+)")
BLOCKTRANSLATE = re.compile(r"\{%\s*blocktrans(?:late)?\b([^%]*)%\}")
BLOCK_BODY = re.compile(
    r"(\{%\s*blocktrans(?:late)?\b[^%]*%\}).*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)


def _unsafe(expression: str) -> bool:
    variable = expression.split("|", 1)[0].strip()
    if FORM_FIELD.match(variable):
        return False
    return bool(YEARISH.search(variable)) and not SAFE.search(expression)


def _problems(text: str) -> list[str]:
    problems = []
    for block in BLOCKTRANSLATE.finditer(text):
        for name, expression in WITH_ARGUMENT.findall(block.group(1)):
            if _unsafe(expression):
                problems.append(f"{name}={expression}")
    # Placeholders inside blocktranslate are checked at its ``with``.
    for match in OUTPUT.finditer(BLOCK_BODY.sub(r"\1", text)):
        expression = match.group(1)
        if _unsafe(expression):
            problems.append(match.group(0))
    return problems


def test_no_template_prints_a_year_as_a_number():
    root = Path(settings.BASE_DIR)
    templates = [
        path
        for path in root.rglob("templates/**/*")
        if path.suffix in {".html", ".txt", ".xml"} and ".venv" not in path.parts
    ]
    assert len(templates) > 50
    found = {
        str(path.relative_to(root)): problems
        for path in templates
        if (problems := _problems(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_check_finds_a_year_printed_as_a_number():
    assert _problems("{{ plan.year }}") == ["{{ plan.year }}"]
    assert _problems('{{ plan.year|stringformat:"d" }}') == []
    assert _problems(
        "{% blocktranslate with year=plan.year %}In {{ year }}{% endblocktranslate %}"
    ) == ["year=plan.year"]
    assert _problems("{{ snapshot.year_start }}–{{ snapshot.period_end }}") == [
        "{{ snapshot.year_start }}",
        "{{ snapshot.period_end }}",
    ]
    assert _problems("{{ plan.years_label }}") == []
    assert _problems('<input value="{{ measure.pk }}">') == ["{{ measure.pk }}"]
    assert _problems("?opatreni={{ measure_id }}") == ["{{ measure_id }}"]
    assert _problems("{{ measure.pk|unlocalize }} {{ item.valid }} {{ form.id }}") == []
