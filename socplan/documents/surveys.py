"""Documents of needs surveys: the printable paper questionnaire (the same questions and
codes as the web form and the paper-entry screen) and the results report (PDF and DOCX)
that can go into the plan as an annex. The report leaves out hidden open answers and
contact questions, as the public results do."""

import io

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from socplan.analysis import selectors_surveys as selectors
from socplan.analysis.forms_surveys import PAPER_OTHER
from socplan.analysis.models_surveys import QuestionKind, Survey
from socplan.analysis.surveys_charts import data_uri

from .branding import branding_for
from .pdf import render_pdf
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


def paper_questionnaire_pdf(*, survey: Survey, easy: bool = False, language=None) -> bytes:
    return render_pdf(
        "documents/surveys/paper.html", paper_context(survey, easy=easy), language=language
    )


def report_context(survey: Survey, filters=None) -> dict:
    filters = filters or selectors.Filters()
    questions = [q for q in selectors.questions_of(survey) if not q.asks_contact]
    results = selectors.survey_results(survey, filters, questions=questions, public=False)
    for result in results["results"]:
        result["texts"] = [t for t in result["texts"] if not t["hidden"]]
        result["other_texts"] = [t for t in result["other_texts"] if not t["hidden"]]
        result["chart_uri"] = data_uri(result["chart"]) if result["chart"] else ""
    return {
        **results,
        "process": survey.process,
        "filter_text": selectors.filters_description(survey, filters, questions),
        "by_channel": selectors.counts_by_channel(survey),
        "title": _("Results of the survey: %(title)s") % {"title": survey.title},
        "subtitle": survey.process.name,
        "page_size": "A4",
    }


def results_report_pdf(*, survey: Survey, filters=None, language=None) -> bytes:
    return render_pdf(
        "documents/surveys/report.html", report_context(survey, filters), language=language
    )


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
