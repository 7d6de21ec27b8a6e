"""Reads of needs surveys: lists, and the results (counts and percentages per option,
averages of scales and numbers, rankings, open answers), filtered by respondent attribute
or by the answer to another question, cross-tabulated, and counted by channel and day.

Results are computed in Python from the answers of the survey (one query, one JSON object
per questionnaire): 10,000 questionnaires of 30 questions take well under a second (see
benchmarks/surveys.py), the same on SQLite and PostgreSQL.
"""

import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from django.db import connection
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from socplan.catalogue.models import CodelistItem
from socplan.core.numbers import is_digits

from .models_surveys import (
    AgeBand,
    Channel,
    QuestionKind,
    Survey,
    SurveyQuestion,
    SurveyResponse,
    TriadRole,
)
from .services_surveys import OTHER, is_shown
from .surveys_charts import BarItem, horizontal_bars

ATTRIBUTE_FIELDS = ("role", "municipality", "target_group", "age_band", "channel")


def surveys_of_process(*, process):
    return (
        Survey.objects.filter(process=process)
        .annotate(response_count=Count("responses"))
        .order_by("-created_at", "-id")
    )


def survey_get(*, process, pk) -> Survey:
    return get_object_or_404(Survey.objects.select_related("process"), process=process, pk=pk)


def survey_by_key(*, key) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related("process", "process__planning_area"), public_key=key
    )


def questions_of(survey: Survey) -> list[SurveyQuestion]:
    return list(
        SurveyQuestion.objects.filter(survey=survey)
        .select_related("section", "condition_question")
        .order_by("order", "id")
    )


def sections_with_questions(survey: Survey, questions=None) -> list[tuple]:
    """(section or None, its questions) in the order of the questionnaire."""
    questions = questions if questions is not None else questions_of(survey)
    groups: list[tuple] = []
    for question in questions:
        if groups and groups[-1][0] == question.section:
            groups[-1][1].append(question)
        else:
            groups.append((question.section, [question]))
    return groups


def copyable_surveys(*, user, exclude_process=None):
    """Surveys of other processes the user may read, to copy from (newest first)."""
    from socplan.organisation.selectors import processes_for_dashboard

    processes = processes_for_dashboard(user=user).values("pk")
    qs = Survey.objects.filter(process__in=processes).select_related("process")
    if exclude_process is not None:
        qs = qs.exclude(process=exclude_process)
    return qs.order_by("-created_at")


# --- filters -------------------------------------------------------------------------------


@dataclass
class Filters:
    """Which questionnaires count: respondent attributes and the answer to a question."""

    attributes: dict[str, str] = field(default_factory=dict)
    question: str = ""
    answer: str = ""

    @classmethod
    def from_query(cls, data) -> "Filters":
        attributes = {k: data.get(k) for k in ATTRIBUTE_FIELDS if data.get(k)}
        return cls(attributes=attributes, question=data.get("fq", ""), answer=data.get("fa", ""))

    @classmethod
    def from_dict(cls, data: dict | None) -> "Filters":
        data = data or {}
        return cls(
            attributes=dict(data.get("attributes", {})),
            question=data.get("question", ""),
            answer=data.get("answer", ""),
        )

    def as_dict(self) -> dict:
        return {"attributes": self.attributes, "question": self.question, "answer": self.answer}

    def __bool__(self) -> bool:
        return bool(self.attributes or (self.question and self.answer))

    def query_string(self) -> str:
        from urllib.parse import urlencode

        params = dict(self.attributes)
        if self.question and self.answer:
            params.update(fq=self.question, fa=self.answer)
        return urlencode(params)


def _matches(value, wanted: str) -> bool:
    if isinstance(value, list):
        return wanted in value
    return value is not None and str(value) == wanted


class Rows(list):
    """The questionnaires of a result: a list of (id, answers, hidden, role, municipality,
    target_group, age_band, channel, day), and the answers to each question gathered in
    one pass (:meth:`values`), so that 30 questions do not each walk 10,000 rows.

    The gathered answers are the values themselves, not a new object per answer: 10,000
    questionnaires × 30 questions would otherwise make 300,000 small tuples, and Python's
    cycle collector would walk all the parsed answers again and again while they are made
    (that was more than half the time of the results)."""

    _by_code: dict | None = None

    def values(self, code: str) -> list:
        """The non-empty answers to ``code``, in the order of the questionnaires."""
        if self._by_code is None:
            by_code: dict[str, list] = {}
            for row in self:
                for key, value in row[1].items():
                    if value is None or value == "" or value == [] or value == {}:
                        continue
                    found = by_code.get(key)
                    if found is None:
                        by_code[key] = found = []
                    found.append(value)
            self._by_code = by_code
        return self._by_code.get(code, [])

    def answered(self, key: str) -> list[tuple]:
        """(id, answer, hidden codes) of the questionnaires that answered ``key`` (for the
        open answers, which are listed one by one)."""
        found = []
        for row in self:
            value = row[1].get(key)
            if value is None or value == "" or value == [] or value == {}:
                continue
            found.append((row[0], value, row[2]))
        return found


def _json(value):
    return json.loads(value) if isinstance(value, (str, bytes, bytearray)) else value


NOTHING_HIDDEN = ()


def _hidden(value):
    """The hidden codes of a questionnaire (almost always none: no new object then)."""
    if value is None or value == "[]" or value == []:
        return NOTHING_HIDDEN
    return _json(value) or NOTHING_HIDDEN


def response_rows(survey: Survey, filters: Filters | None = None) -> Rows:
    """(id, answers, hidden, role, municipality, target_group, age_band, channel, day)
    of the questionnaires that pass ``filters``. The JSON is read straight from the
    database cursor (Django's per-value converters cost more than the parsing)."""
    qs = SurveyResponse.objects.filter(survey=survey)
    filters = filters or Filters()
    for name, value in filters.attributes.items():
        if name in ATTRIBUTE_FIELDS:
            qs = qs.filter(**{name: value})
    qs = qs.order_by("id").values_list(
        "id",
        "answers",
        "hidden",
        "role",
        "municipality",
        "target_group",
        "age_band",
        "channel",
        "submitted_on",
    )
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = Rows(
            (rid, _json(answers), _hidden(hidden), *rest)
            for rid, answers, hidden, *rest in cursor.fetchall()
        )
    if filters.question and filters.answer:
        rows = Rows(r for r in rows if _matches(r[1].get(filters.question), filters.answer))
    return rows


# --- results per question -------------------------------------------------------------------


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def format_decimal(value, decimals: int = 1) -> str:
    """Czech decimal comma: 12,5."""
    return f"{value:.{decimals}f}".replace(".", ",")


def _label_pct(value: float) -> str:
    return f"{format_decimal(value, 1)}\u00a0%"


def _option_table(question: SurveyQuestion, counter: Counter, base: int, with_other=False):
    options = [
        {
            "code": o["code"],
            "label": o["label"],
            "count": counter.get(o["code"], 0),
            "percent": _pct(counter.get(o["code"], 0), base),
        }
        for o in question.options
    ]
    if with_other:
        options.append(
            {
                "code": OTHER,
                "label": _("other"),
                "count": counter.get(OTHER, 0),
                "percent": _pct(counter.get(OTHER, 0), base),
            }
        )
    return options


def _chart(question: SurveyQuestion, options: list[dict], chart=True):
    if not chart or not options:
        return ""
    return horizontal_bars(
        [
            BarItem(o["label"], o["percent"], f"{o['count']} ({_label_pct(o['percent'])})")
            for o in options
        ],
        title=f"{question.code} {question.text}",
        description=_("Share of respondents who chose each answer, in per cent: %(list)s")
        % {"list": "; ".join(f"{o['label']} {_label_pct(o['percent'])}" for o in options)},
        maximum=100,
        element_id=f"chart-{question.code}",
    )


def question_result(
    question: SurveyQuestion, rows: Rows, *, chart: bool = True, public: bool = False
) -> dict:
    """The result of one question over ``rows`` (see :func:`response_rows`)."""
    code = question.code
    if not isinstance(rows, Rows):
        rows = Rows(rows)
    answered = rows.values(code)
    base = len(answered)
    result = {
        "question": question,
        "code": code,
        "kind": question.kind,
        "respondents": len(rows),
        "answered": base,
        "options": [],
        "average": None,
        "rows": [],
        "ranking": [],
        "numbers": None,
        "texts": [],
        "other_texts": [],
        "chart": "",
    }
    kind = question.kind
    if kind in (
        QuestionKind.SINGLE,
        QuestionKind.SCALE,
        QuestionKind.MUNICIPALITY,
        QuestionKind.TARGET_GROUP,
    ):
        counter = _counts(answered)
        result["options"] = _option_table(question, counter, base)
        if kind == QuestionKind.SCALE and base:
            result["average"] = round(
                sum(int(v) * n for v, n in counter.items() if is_digits(v)) / base, 2
            )
        result["chart"] = _chart(question, result["options"], chart)
    elif kind == QuestionKind.MULTIPLE:
        lists = [v for v in answered if type(v) is list]
        counter = _counts(chain.from_iterable(lists))
        if len(lists) < base:  # a single code where a list belongs (old or imported data)
            counter.update(_counts(v for v in answered if type(v) is not list))
        result["options"] = _option_table(question, counter, base, with_other=question.allow_other)
        result["chart"] = _chart(question, result["options"], chart)
        other_key = f"{code}.other"
        result["other_texts"] = _texts(rows, other_key, public)
    elif kind == QuestionKind.MATRIX:
        cells = _pair_counts(answered)  # (row code, scale code) -> count
        for row in question.rows:
            counter = Counter(
                {scale: n for (row_code, scale), n in cells.items() if row_code == row["code"]}
            )
            n = sum(counter.values())
            result["rows"].append(
                {
                    "code": row["code"],
                    "label": row["label"],
                    "answered": n,
                    "options": _option_table(question, counter, n),
                    "average": round(
                        sum(int(c) * k for c, k in counter.items() if is_digits(c)) / n, 2
                    )
                    if n
                    else None,
                }
            )
    elif kind == QuestionKind.RANKING:
        places = _pair_counts(answered)  # (option code, place) -> count
        for option in question.options:
            ranks = {
                int(place): n
                for (option_code, place), n in places.items()
                if option_code == option["code"] and is_digits(place.lstrip("-"))
            }
            ranked = sum(ranks.values())
            first = ranks.get(1, 0)
            result["ranking"].append(
                {
                    "code": option["code"],
                    "label": option["label"],
                    "ranked": ranked,
                    "average_rank": round(sum(r * n for r, n in ranks.items()) / ranked, 2)
                    if ranked
                    else None,
                    "first": first,
                    "first_percent": _pct(first, base),
                }
            )
        result["ranking"].sort(
            key=lambda o: (o["average_rank"] is None, o["average_rank"] or 0, o["label"])
        )
    elif kind == QuestionKind.NUMBER:
        numbers = [float(v) for v in answered if isinstance(v, (int, float))]
        if numbers:
            result["numbers"] = {
                "n": len(numbers),
                "sum": round(sum(numbers), 2),
                "mean": round(statistics.fmean(numbers), 2),
                "median": statistics.median(numbers),
                "min": min(numbers),
                "max": max(numbers),
            }
            result["average"] = result["numbers"]["mean"]
    else:
        result["texts"] = _texts(rows, code, public)
    return result


def _counts(values) -> Counter:
    """Counts of the answers as text codes ("1" and 1 are the same answer)."""
    values = values if isinstance(values, list) else list(values)
    try:
        raw = Counter(values)  # counted in C
    except TypeError:  # an unhashable value (bad data): count its text
        return Counter(str(v) for v in values)
    if all(type(v) is str for v in raw):
        return raw
    counter: Counter = Counter()
    for value, n in raw.items():
        counter[str(value)] += n
    return counter


def _pair_counts(answered: list) -> Counter:
    """Counts of the (key, value as text) pairs of answers that are objects (a matrix: row
    and scale code; a ranking: option and place)."""
    raw = Counter(chain.from_iterable(v.items() for v in answered if type(v) is dict))
    counter: Counter = Counter()
    for (key, value), n in raw.items():
        if value is not None and value != "":
            counter[(key, str(value))] += n
    return counter


def _texts(rows: Rows, key: str, public: bool) -> list[dict]:
    """Open answers: hidden ones are left out for the public and marked for staff."""
    texts = []
    for rid, value, hidden_codes in rows.answered(key):
        hidden = key in hidden_codes
        if hidden and public:
            continue
        texts.append({"response": rid, "text": str(value), "hidden": hidden, "key": key})
    return texts


def survey_results(
    survey: Survey,
    filters: Filters | None = None,
    *,
    questions=None,
    public: bool = False,
    chart: bool = True,
    rows: Rows | None = None,
) -> dict:
    """Every question's result (for the public: only published, never contact answers).
    ``rows``: the answers already read with the same ``filters``."""
    questions = questions if questions is not None else questions_of(survey)
    rows = rows if rows is not None else response_rows(survey, filters)
    if public:
        questions = [q for q in questions if q.publish_result and not q.asks_contact]
    return {
        "survey": survey,
        "respondents": len(rows),
        "results": [question_result(q, rows, chart=chart, public=public) for q in questions],
    }


# --- cross-tabs ------------------------------------------------------------------------------


def attribute_labels(survey: Survey, name: str) -> list[tuple[str, str]]:
    """(value, label) of a respondent attribute, in a sensible order."""
    if name == "role":
        return [(v, str(label)) for v, label in TriadRole.choices]
    if name == "age_band":
        return [(v, str(label)) for v, label in AgeBand.choices]
    if name == "channel":
        return [(v, str(label)) for v, label in Channel.choices]
    if name == "municipality":
        from socplan.core.collation import czech_sort_key

        municipalities = survey.process.planning_area.municipalities.all()
        return [
            (m.code, m.name) for m in sorted(municipalities, key=lambda m: czech_sort_key(m.name))
        ]
    if name == "target_group":
        return [
            (item.register_id, item.name)
            for item in CodelistItem.objects.target_groups().order_by("order", "name")
        ]
    return []


def crosstab_variables(survey: Survey, questions=None) -> list[tuple[str, str]]:
    """What a result can be split by: the attributes and the single-valued questions."""
    from .models_surveys import RespondentAttribute

    questions = questions if questions is not None else questions_of(survey)
    variables = [(f"attr:{v}", str(label)) for v, label in RespondentAttribute.choices]
    variables.append(("attr:channel", _("channel")))
    variables += [(f"q:{q.code}", f"{q.code} {q.text}") for q in questions if q.is_single_valued]
    return variables


def _column_value(row, variable: str):
    kind, _sep, name = variable.partition(":")
    if kind == "attr":
        index = {"role": 3, "municipality": 4, "target_group": 5, "age_band": 6, "channel": 7}[name]
        return row[index] or None
    return row[1].get(name)


def crosstab(
    survey: Survey,
    question: SurveyQuestion,
    variable: str,
    filters: Filters | None = None,
    *,
    questions=None,
    rows: Rows | None = None,
) -> dict:
    """Counts of the answers to ``question`` (a choice or scale question) split by
    ``variable`` (``attr:role``... or ``q:Q5``), with percentages of each column's
    respondents who answered the question."""
    questions = questions if questions is not None else questions_of(survey)
    kind, _sep, name = variable.partition(":")
    if kind == "attr":
        columns = attribute_labels(survey, name)
        title = dict(crosstab_variables(survey, questions)).get(variable, name)
    else:
        other = next((q for q in questions if q.code == name and q.is_single_valued), None)
        if other is None:
            raise ValueError(variable)
        columns = [(o["code"], o["label"]) for o in other.options]
        title = f"{other.code} {other.text}"
    rows = rows if rows is not None else response_rows(survey, filters)
    code = question.code
    counts: dict[tuple[str, str], int] = Counter()
    column_base: Counter = Counter()
    seen_columns = set()
    for row in rows:
        value = row[1].get(code)
        if value in (None, "", []):
            continue
        column = _column_value(row, variable)
        if column is None:
            continue
        column = str(column)
        seen_columns.add(column)
        column_base[column] += 1
        for answer in value if isinstance(value, list) else [value]:
            counts[(str(answer), column)] += 1
    known = {c for c, _label in columns}
    columns = [c for c in columns if c[0] in seen_columns] + [
        (c, c) for c in sorted(seen_columns - known)
    ]
    options = [(o["code"], o["label"]) for o in question.options]
    if question.kind == QuestionKind.MULTIPLE and question.allow_other:
        options.append((OTHER, _("other")))
    table_rows = []
    for option_code, label in options:
        cells = []
        for column_code, _label in columns:
            n = counts.get((option_code, column_code), 0)
            cells.append({"count": n, "percent": _pct(n, column_base[column_code])})
        table_rows.append(
            {
                "code": option_code,
                "label": label,
                "cells": cells,
                "total": sum(c["count"] for c in cells),
            }
        )
    return {
        "question": question,
        "variable": variable,
        "variable_title": title,
        "columns": [{"code": c, "label": label, "base": column_base[c]} for c, label in columns],
        "rows": table_rows,
        "total": sum(column_base.values()),
    }


# --- counts by channel and day ---------------------------------------------------------------


def counts_by_channel(survey: Survey) -> list[dict]:
    found = dict(
        SurveyResponse.objects.filter(survey=survey)
        .values_list("channel")
        .annotate(n=Count("id"))
        .values_list("channel", "n")
    )
    return [
        {"code": value, "label": label, "count": found.get(value, 0)}
        for value, label in Channel.choices
    ]


def counts_by_day(survey: Survey) -> list[dict]:
    return [
        {"day": day, "count": n}
        for day, n in SurveyResponse.objects.filter(survey=survey)
        .values_list("submitted_on")
        .annotate(n=Count("id"))
        .values_list("submitted_on", "n")
        .order_by("submitted_on")
    ]


def sheet_number_taken(*, survey: Survey, sheet_number: str) -> int | None:
    """The number of the questionnaire typed in from the paper sheet ``sheet_number``, if
    one was (paper entry warns before a sheet is typed in twice)."""
    return (
        SurveyResponse.objects.filter(survey=survey, sheet_number=sheet_number)
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )


def response_count(survey: Survey) -> int:
    return SurveyResponse.objects.filter(survey=survey).count()


def moderation_texts(survey: Survey, questions=None) -> list[dict]:
    """Every open answer (texts and "other") with its question, for moderation."""
    questions = questions if questions is not None else questions_of(survey)
    rows = response_rows(survey)
    found = []
    for question in questions:
        keys = []
        if question.is_text:
            keys.append(question.code)
        if question.kind == QuestionKind.MULTIPLE and question.allow_other:
            keys.append(f"{question.code}.other")
        for key in keys:
            for text in _texts(rows, key, public=False):
                found.append({**text, "question": question})
    return found


def published_surveys(*, process):
    """Surveys whose results the public may read (published and closed)."""
    from django.utils import timezone

    return Survey.objects.filter(
        process=process, results_published=True, closes_at__lte=timezone.now()
    ).order_by("-closes_at")


def surveys_with_public_results():
    """Surveys of every published process whose results the public may read (published and
    closed), newest closed first, with their ``response_count`` (the open-data API)."""
    from django.utils import timezone

    return (
        Survey.objects.filter(
            results_published=True, closes_at__lte=timezone.now(), process__is_published=True
        )
        .select_related("process")
        .annotate(response_count=Count("responses"))
        .order_by("-closes_at", "-id")
    )


def open_surveys(*, process):
    from django.db.models import Q
    from django.utils import timezone

    now = timezone.now()
    return (
        Survey.objects.filter(process=process, is_collecting=True)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    )


def is_visible(question: SurveyQuestion, answers: dict, questions) -> bool:
    return is_shown(question, answers, {q.pk: q for q in questions})


def filters_description(survey: Survey, filters: Filters, questions=None) -> str:
    """The filter in words: "role in the triad: user of services; Q3 = ano"."""
    from .models_surveys import RespondentAttribute

    if not filters:
        return ""
    names = {v: str(label) for v, label in RespondentAttribute.choices}
    names["channel"] = _("channel")
    parts = []
    for name, value in filters.attributes.items():
        label = dict(attribute_labels(survey, name)).get(value, value)
        parts.append(f"{names.get(name, name)}: {label}")
    if filters.question and filters.answer:
        questions = questions if questions is not None else questions_of(survey)
        question = next((q for q in questions if q.code == filters.question), None)
        if question is not None:
            parts.append(f"{question.code} = {question.option_label(filters.answer)}")
    return "; ".join(parts)
