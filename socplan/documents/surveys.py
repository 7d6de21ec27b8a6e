"""Documents of needs surveys: the printable paper questionnaire (the same questions and
codes as the web form and the paper-entry screen) and the results report (PDF and DOCX)
that can go into the plan as an annex. The report leaves out hidden open answers and
contact questions, as the public results do.

Both PDFs are typeset by Typst (:mod:`.typeset`): the questionnaire without a title page
(the survey's title and introduction at the top of the first page, each question kept on a
page with its empty circles and boxes to tick, boxes and lines to write in), the report
with the process's title page and each question's results kept together."""

import datetime
import io
from types import SimpleNamespace

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from socplan.analysis import selectors_surveys as selectors
from socplan.analysis.forms_surveys import PAPER_OTHER
from socplan.analysis.models_surveys import QuestionKind, Survey
from socplan.core.numbers import format_number

from . import typeset
from .branding import branding_for
from .word import add_margins, add_table, czech_typography, new_document


def paper_context(survey: Survey, *, easy: bool = False) -> dict:
    questions = selectors.questions_of(survey)
    groups = []
    for section, items in selectors.sections_with_questions(survey, questions):
        blocks = []
        for q in items:
            condition = ""
            if q.condition_question_id:
                condition = _(
                    "Answer only if your answer to question %(code)s was %(answers)s."
                ) % {
                    "code": q.condition_question.code,
                    "answers": ", ".join(
                        f"„{q.condition_question.option_label(v)}“" for v in q.condition_values
                    ),
                }
            blocks.append(
                {
                    "q": q,
                    "text": q.easy_text if easy and q.easy_text else q.text,
                    "condition": condition,
                    "many": q.kind == QuestionKind.MULTIPLE,
                }
            )
        groups.append((section, blocks))
    return {
        "survey": survey,
        "process": survey.process,
        "groups": groups,
        "easy": easy,
        "other_code": PAPER_OTHER,
        "asks_contact": any(q.asks_contact for q in questions),
        "title": survey.title,
        "subtitle": survey.process.name,
        "page_size": "A4",
    }


def _short_date(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "SHORT_DATE_FORMAT")


# the kinds of questions answered by ticking one of the options
ONE_OF = (
    QuestionKind.SINGLE,
    QuestionKind.SCALE,
    QuestionKind.MUNICIPALITY,
    QuestionKind.TARGET_GROUP,
)


def _answer(q, context: dict) -> tuple[list[str], dict]:
    """The hints of a question's kind and the place for its answer."""
    options = [(o["label"], o["code"]) for o in q.options]
    if q.kind in ONE_OF:
        return [], typeset.choices(options, mark="circle")
    if q.kind == QuestionKind.MULTIPLE:
        other = (_("other"), context["other_code"]) if q.allow_other else None
        return [_("You may tick more than one box.")], typeset.choices(
            options, mark="box", other=other
        )
    if q.kind == QuestionKind.MATRIX:
        rows = [(row["label"], f"{q.code}.{row['code']}") for row in q.rows]
        return [], typeset.grid_of_choices(options, rows)
    if q.kind == QuestionKind.RANKING:
        hint = _("Write 1 beside the most important item, 2 beside the next one, and so on.")
        ranked = [(o["label"], f"{q.code}.{o['code']}") for o in q.options]
        return [hint], typeset.choices(ranked, mark="rank")
    if q.kind == QuestionKind.NUMBER:
        return [], typeset.answer_box()
    if q.kind == QuestionKind.SHORT_TEXT:
        return [], typeset.answer_lines(1)
    return [], typeset.answer_lines(4)


def paper_document(survey: Survey, *, easy: bool = False) -> typeset.Document:
    """The paper questionnaire as a document for Typst (in the active language)."""
    from django.utils.translation import get_language

    context = paper_context(survey, easy=easy)
    process = context["process"]
    intro = survey.easy_intro if easy and survey.easy_intro else survey.intro
    head_blocks = [typeset.paragraph(intro)] if intro.strip() else []
    head_blocks.append(
        typeset.paragraph(
            (
                "i",
                _(
                    "Tick one box (○) or more boxes (□) where the question says so. The "
                    "small numbers are codes for typing the answers in."
                ),
            ),
            size="small",
        )
    )
    blocks = []
    for section, items in context["groups"]:
        if section:
            blocks.append(typeset.heading(section.title, level=1))
        for item in items:
            q = item["q"]
            hints, answer = _answer(q, context)
            notice = ""
            if q.asks_contact:
                notice = _(
                    "Personal data: if you give your contact, %(controller)s uses it only to "
                    "ask you about your answer and deletes it when the needs analysis is "
                    "finished. The contact is never published and is not part of the results. "
                    "Giving it is voluntary; you may ask for it to be deleted at any time."
                ) % {"controller": process.realizer or process.name}
            blocks.append(
                typeset.question(
                    q.code,
                    item["text"],
                    answer,
                    required=q.required,
                    hints=[item["condition"], q.help_text, *hints],
                    notice=notice,
                )
            )
    thanks = _("Thank you for your answers.")
    if survey.closes_at:
        thanks += " " + _("Please hand the questionnaire in by %(d)s.") % {
            "d": _short_date(survey.closes_at)
        }
    blocks.append(typeset.paragraph(thanks))
    blocks.append(
        typeset.paragraph(
            _("For the office: sheet no. ________ typed in by ________"),
            size="small",
            tone="muted",
        )
    )
    demo = [_("Demo data: made up for trying socplan out.")] if survey.is_demo else []
    return typeset.Document(
        title=survey.title,
        author=process.realizer,
        lang=(get_language() or settings.LANGUAGE_CODE)[:2],
        blocks=blocks,
        title_page=typeset.head(
            above=[process.name],
            demo=demo,
            blocks=head_blocks,
            rule=True,
            size_pt=13 if easy else 10.5,
        ),
    )


def paper_questionnaire_pdf(*, survey: Survey, easy: bool = False, language=None) -> bytes:
    with override(language or settings.LANGUAGE_CODE):
        document = paper_document(survey, easy=easy)
    return typeset.typeset_pdf(document)


def report_context(survey: Survey, filters=None) -> dict:
    filters = filters or selectors.Filters()
    questions = [q for q in selectors.questions_of(survey) if not q.asks_contact]
    results = selectors.survey_results(survey, filters, questions=questions, public=False)
    for result in results["results"]:
        result["texts"] = [t for t in result["texts"] if not t["hidden"]]
        result["other_texts"] = [t for t in result["other_texts"] if not t["hidden"]]
    return {
        **results,
        "process": survey.process,
        "filter_text": selectors.filters_description(survey, filters, questions),
        "by_channel": selectors.counts_by_channel(survey),
        "title": _("Results of the survey: %(title)s") % {"title": survey.title},
        "subtitle": survey.process.name,
        "page_size": "A4",
    }


def _num(value, decimals=None) -> str:
    return "—" if value is None else format_number(value, decimals)


def _result_blocks(r: dict, images: typeset.Images) -> list[dict]:
    """One question's results: the counts and percentages with a chart, the averages, the
    open answers."""
    q = r["question"]
    blocks = [
        typeset.heading(f"{r['code']}. {q.text}", level=1),
        typeset.paragraph(
            _("Answered by %(a)s of %(n)s respondents.")
            % {"a": r["answered"], "n": r["respondents"]},
            tone="muted",
        ),
    ]
    if r["chart"]:
        alt = _("Chart of the answers to %(code)s; the numbers are in the table below.") % {
            "code": r["code"]
        }
        chart = SimpleNamespace(svg=str(r["chart"]), title="", description=alt)
        blocks.append(typeset.chart_figure(images, chart, caption=""))
    if r["options"]:
        blocks.append(
            typeset.table(
                [_("Answer"), _("Count"), "%"],
                [[o["label"], _num(o["count"]), _num(o["percent"], 1)] for o in r["options"]],
                numeric=[1, 2],
                keep=True,
            )
        )
        if r["average"] is not None:
            blocks.append(typeset.paragraph(f"{_('Average')}: {_num(r['average'], 2)}"))
    if r["rows"]:
        labels = [o["label"] for o in q.options]
        blocks.append(
            typeset.table(
                [_("Row"), *labels, _("Average")],
                [
                    [
                        row["label"],
                        *[_num(o["count"]) for o in row["options"]],
                        _num(row["average"], 2),
                    ]
                    for row in r["rows"]
                ],
                numeric=range(1, len(labels) + 2),
                keep=True,
            )
        )
    if r["ranking"]:
        blocks.append(
            typeset.table(
                [_("Item"), _("Average place"), _("First place")],
                [[o["label"], _num(o["average_rank"], 2), _num(o["first"])] for o in r["ranking"]],
                numeric=[1, 2],
                keep=True,
            )
        )
    if r["numbers"]:
        n = r["numbers"]
        blocks.append(
            typeset.paragraph(
                " · ".join(
                    f"{label}: {_num(n[key], 2)}"
                    for label, key in (
                        (_("Average"), "mean"),
                        (_("Median"), "median"),
                        (_("Lowest"), "min"),
                        (_("Highest"), "max"),
                    )
                )
            )
        )
    texts = [t["text"] for t in r["texts"]]
    texts += [f"{_('other')}: {t['text']}" for t in r["other_texts"]]
    if texts:
        blocks.append(typeset.bullets(texts))
    return blocks


def report_document(survey: Survey, filters=None) -> typeset.Document:
    """The results report as a document for Typst (in the active language)."""
    from django.utils.translation import get_language

    context = report_context(survey, filters)
    process = context["process"]
    images = typeset.Images()
    colophon = [(_("Questionnaires"), _num(context["respondents"]))]
    if survey.opens_at or survey.closes_at:
        collected = f"{_short_date(survey.opens_at)} – {_short_date(survey.closes_at)}"
        colophon.append((_("Collected"), collected))
    colophon.append((_("Audience"), survey.get_audience_display()))
    if context["filter_text"]:
        colophon.append((_("Filter"), context["filter_text"]))
    demo = [_("Demo data: made up for trying socplan out.")] if process.is_demo else []
    blocks = [
        typeset.heading(_("Answers by channel"), level=1),
        typeset.table(
            [_("Channel"), _("Answers")],
            [[row["label"], _num(row["count"])] for row in context["by_channel"]],
            numeric=[1],
            keep=True,
        ),
    ]
    for r in context["results"]:
        blocks.append(typeset.group(_result_blocks(r, images)))
    return typeset.Document(
        title=str(context["title"]),
        subtitle=process.name,
        author=process.realizer,
        lang=(get_language() or settings.LANGUAGE_CODE)[:2],
        blocks=blocks,
        title_page=typeset.title_page(branding_for(process), images, colophon=colophon, demo=demo),
        images=images,
    )


def results_report_pdf(*, survey: Survey, filters=None, language=None) -> bytes:
    with override(language or settings.LANGUAGE_CODE):
        document = report_document(survey, filters)
    return typeset.typeset_pdf(document)


def _pct(value) -> str:
    return f"{value:.1f}".replace(".", ",")


def results_report_docx(*, survey: Survey, filters=None, language=None) -> bytes:
    with override(language or settings.LANGUAGE_CODE):
        context = report_context(survey, filters)
        document = new_document(title=context["title"])
        document.add_heading(context["title"], level=0)
        document.add_paragraph(survey.process.name)
        facts = _("Questionnaires: %(n)s.") % {"n": context["respondents"]}
        if survey.opens_at or survey.closes_at:
            facts += " " + _("Collected from %(start)s to %(end)s.") % {
                "start": survey.opens_at.strftime("%d. %m. %Y") if survey.opens_at else "—",
                "end": survey.closes_at.strftime("%d. %m. %Y") if survey.closes_at else "—",
            }
        document.add_paragraph(facts)
        if context["filter_text"]:
            document.add_paragraph(_("Filter: %(filter)s.") % {"filter": context["filter_text"]})
        if survey.is_demo:
            document.add_paragraph(_("Demo data: made up for trying socplan out."))
        add_table(
            document,
            [_("Channel"), _("Answers")],
            [[row["label"], row["count"]] for row in context["by_channel"]],
            numeric_from=1,
        )
        for r in context["results"]:
            q = r["question"]
            document.add_heading(f"{q.code}. {q.text}", level=2)
            document.add_paragraph(
                _("Answered by %(a)s of %(n)s respondents.")
                % {"a": r["answered"], "n": r["respondents"]}
            )
            if r["options"]:
                add_table(
                    document,
                    [_("Answer"), _("Count"), "%"],
                    [[o["label"], o["count"], _pct(o["percent"])] for o in r["options"]],
                    numeric_from=1,
                )
                if r["average"] is not None:
                    document.add_paragraph(
                        _("Average: %(avg)s") % {"avg": str(r["average"]).replace(".", ",")}
                    )
            if r["rows"]:
                add_table(
                    document,
                    [_("Row"), *[o["label"] for o in q.options], _("Average")],
                    [
                        [
                            row["label"],
                            *[o["count"] for o in row["options"]],
                            str(row["average"] or "—").replace(".", ","),
                        ]
                        for row in r["rows"]
                    ],
                    numeric_from=1,
                )
            if r["ranking"]:
                add_table(
                    document,
                    [_("Item"), _("Average place"), _("First place")],
                    [
                        [o["label"], str(o["average_rank"] or "—").replace(".", ","), o["first"]]
                        for o in r["ranking"]
                    ],
                    numeric_from=1,
                )
            if r["numbers"]:
                n = r["numbers"]
                add_table(
                    document,
                    [_("Answers"), _("Average"), _("Median"), _("Lowest"), _("Highest")],
                    [
                        [
                            n["n"],
                            *[
                                str(n[k]).replace(".", ",")
                                for k in ("mean", "median", "min", "max")
                            ],
                        ]
                    ],
                    numeric_from=0,
                )
            for t in r["texts"] + r["other_texts"]:
                document.add_paragraph(t["text"], style="List Bullet")
        add_margins(document, title=context["title"], branding=branding_for(survey.process))
        czech_typography(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- downloads ---------------------------------------------------------------------------------


def _survey_for(request, slug, pk):
    from socplan.organisation.guards import process_for_user

    process = process_for_user(request, slug)
    return process, selectors.survey_get(process=process, pk=pk)


def paper_pdf_view(request, slug, pk):
    """The paper questionnaire: for the people of the process, and for everybody while
    the survey collects answers (to print it at home)."""
    from socplan.core.permissions import require
    from socplan.core.tables import download

    _process, survey = _survey_for(request, slug, pk)
    if not survey.is_open():
        require(request, "analysis.view_surveys", survey)
    easy = request.GET.get("snadne") == "1"
    from django.utils.translation import get_language

    pdf = paper_questionnaire_pdf(survey=survey, easy=easy, language=get_language())
    suffix = "-snadne-cteni" if easy else ""
    return download(pdf, fmt="pdf", file_name=f"dotaznik-{survey.pk}{suffix}", inline=True)


def report_view(request, slug, pk, format):
    """The results report: for the people of the process (with the filter of the results
    page), and for everybody once the results are public."""
    from django.http import Http404
    from django.utils.translation import get_language

    from socplan.core.permissions import require
    from socplan.core.tables import download

    if format not in ("pdf", "docx"):
        raise Http404
    _process, survey = _survey_for(request, slug, pk)
    filters = None
    if request.user.has_perm("analysis.view_surveys", survey):
        filters = selectors.Filters.from_query(request.GET)
    elif not survey.results_are_public:
        require(request, "analysis.view_surveys", survey)
    render = results_report_pdf if format == "pdf" else results_report_docx
    content = render(survey=survey, filters=filters, language=get_language())
    return download(content, fmt=format, file_name=f"vysledky-pruzkumu-{survey.pk}")
