"""Exports of a survey's answers: one row per questionnaire (answer sheet), one column per
question (per option of a multiple choice, per row of a matrix, per item of a ranking),
values as the codes of the paper form; the XLSX (written with XlsxWriter, see
:func:`socplan.core.spreadsheets.xlsx_stream_workbook`) adds a codebook sheet (what every column
and code means). Hidden open answers are exported as "[hidden]"; nothing identifies a
respondent (there is nothing to export)."""

import io
import json

from django.db import connection
from django.http import HttpResponse
from django.utils.translation import gettext as _

from socplan.core import spreadsheets, tables

from .models_surveys import QuestionKind, Survey, SurveyResponse
from .selectors_surveys import attribute_labels, questions_of
from .services_surveys import OTHER


def _json(value):
    return json.loads(value) if isinstance(value, (str, bytes, bytearray)) else value


BASE_COLUMNS = ("id", "day", "channel", "role", "municipality", "target_group", "age_band")


def columns(questions) -> list[tuple[str, str, object]]:
    """(column name, description, getter(answers, hidden) -> value) of every column."""
    found = []
    for q in questions:
        code = q.code
        if q.kind == QuestionKind.MULTIPLE:
            for o in q.options:
                found.append(
                    (
                        f"{code}_{o['code']}",
                        f"{q.text}: {o['label']} (1 = ano)",
                        _multi(code, o["code"]),
                    )
                )
            if q.allow_other:
                found.append(
                    (f"{code}_other", f"{q.text}: {_('other')} (1 = ano)", _multi(code, OTHER))
                )
                found.append(
                    (f"{code}_other_text", f"{q.text}: {_('other')} – text", _text(f"{code}.other"))
                )
        elif q.kind == QuestionKind.MATRIX:
            for r in q.rows:
                found.append(
                    (f"{code}_{r['code']}", f"{q.text}: {r['label']}", _cell(code, r["code"]))
                )
        elif q.kind == QuestionKind.RANKING:
            for o in q.options:
                found.append(
                    (
                        f"{code}_{o['code']}",
                        f"{q.text}: {o['label']} ({_('place')})",
                        _cell(code, o["code"]),
                    )
                )
        elif q.is_text:
            found.append((code, q.text, _text(code)))
        else:
            found.append((code, q.text, _plain(code)))
    return found


def _plain(code):
    return lambda answers, hidden: answers.get(code, "")


def _text(key):
    hidden_text = _("[hidden]")
    return lambda answers, hidden: (
        hidden_text if key in hidden and key in answers else answers.get(key, "")
    )


def _multi(code, option):
    def get(answers, hidden):
        value = answers.get(code)
        if value is None:
            return ""
        return 1 if option in value else 0

    return get


def _cell(code, key):
    def get(answers, hidden):
        value = answers.get(code)
        return value.get(key, "") if isinstance(value, dict) else ""

    return get


def rows(survey: Survey, questions=None):
    """The header and the rows of the export (a generator: 10,000 rows stream)."""
    questions = questions if questions is not None else questions_of(survey)
    cols = columns(questions)
    yield [*BASE_COLUMNS, *[c[0] for c in cols]]
    getters = [c[2] for c in cols]
    qs = (
        SurveyResponse.objects.filter(survey=survey)
        .order_by("id")
        .values_list(
            "id",
            "submitted_on",
            "channel",
            "role",
            "municipality",
            "target_group",
            "age_band",
            "answers",
            "hidden",
        )
    )
    # straight from the cursor: Django's per-value converters cost more than the parsing
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            batch = cursor.fetchmany(2000)
            if not batch:
                break
            for rid, day, channel, role, municipality, group, age, answers, hidden in batch:
                answers = _json(answers)
                hidden = _json(hidden) or []
                day = day if isinstance(day, str) else day.isoformat()
                yield [
                    rid,
                    day,
                    channel,
                    role,
                    municipality,
                    group,
                    age,
                    *[get(answers, hidden) for get in getters],
                ]


def codebook(survey: Survey, questions=None) -> list[list]:
    """Column, meaning, codes (the codebook sheet)."""
    questions = questions if questions is not None else questions_of(survey)
    book = [[_("column"), _("meaning"), _("codes")]]
    book.append(["id", _("number of the questionnaire"), ""])
    book.append(["day", _("day of the answer"), "YYYY-MM-DD"])
    for name in ("channel", "role", "municipality", "target_group", "age_band"):
        labels = attribute_labels(survey, name)
        book.append(
            [name, _("respondent attribute"), "; ".join(f"{v} = {label}" for v, label in labels)]
        )
    by_code = {q.code: q for q in questions}
    for name, description, _getter in columns(questions):
        q = by_code.get(name.split("_")[0])
        codes = ""
        if q is not None and q.kind in (
            QuestionKind.SINGLE,
            QuestionKind.SCALE,
            QuestionKind.MUNICIPALITY,
            QuestionKind.TARGET_GROUP,
            QuestionKind.MATRIX,
        ):
            codes = "; ".join(f"{o['code']} = {o['label']}" for o in q.options)
        elif q is not None and q.kind == QuestionKind.MULTIPLE and not name.endswith("_text"):
            codes = "1 = ano, 0 = ne"
        elif q is not None and q.kind == QuestionKind.RANKING:
            codes = _("1 = first place")
        book.append([name, description, codes])
    return book


def csv_bytes(survey: Survey) -> bytes:
    """The answers as CSV (:func:`socplan.core.tables.csv_bytes`: UTF-8 with the BOM,
    semicolons); the first row of :func:`rows` is the header."""
    return tables.csv_bytes(
        tables.Table(name="answers", title=_("Answers"), rows=rows(survey), header=False)
    )


def xlsx_bytes(survey: Survey) -> bytes:
    """The answers and the codebook as an XLSX workbook, streamed row by row with XlsxWriter
    in constant memory through :mod:`socplan.core.spreadsheets` (texts stay texts, never
    formulas): 10,000 questionnaires × 30 questions in a few seconds."""
    questions = questions_of(survey)
    out = io.BytesIO()
    workbook = spreadsheets.xlsx_stream_workbook(out)
    quoted = workbook.add_format({"quote_prefix": True})
    header = workbook.add_format({"bold": True})
    answers = workbook.add_worksheet(_("Answers")[:31])
    answers.freeze_panes(1, 1)
    answers.set_row(0, None, header)  # before the rows: constant-memory mode writes at once
    spreadsheets.xlsx_stream_rows(workbook, answers, rows(survey, questions), quote_format=quoted)
    book = workbook.add_worksheet(_("Codebook")[:31])
    book.set_column(0, 0, 16)
    book.set_column(1, 1, 60)
    book.set_column(2, 2, 60)
    book.set_row(0, None, header)
    spreadsheets.xlsx_stream_rows(workbook, book, codebook(survey, questions), quote_format=quoted)
    workbook.close()
    return out.getvalue()


def _file_name(survey: Survey) -> str:
    return f"pruzkum-{survey.pk}-odpovedi"


def csv_response(survey: Survey) -> HttpResponse:
    return tables.download(csv_bytes(survey), fmt="csv", file_name=_file_name(survey))


def xlsx_response(survey: Survey) -> HttpResponse:
    return tables.download(xlsx_bytes(survey), fmt="xlsx", file_name=_file_name(survey))
