"""Pages of needs surveys: building a survey, the public questionnaire (no JavaScript
needed), paper entry by staff, results with filters and cross-tabs, moderation,
publishing, exports and findings. Thin views: permission, then a service or selector.

The public questionnaire stores nothing that identifies the respondent: the rate limit
counts submissions per keyed digest of the address in the cache (minutes, never in the
database); "one answer per browser" uses a random cookie (see :mod:`.services_surveys`).
"""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socplan.core.forms import add_service_errors
from socplan.core.numbers import is_digits
from socplan.core.permissions import require
from socplan.core.ratelimit import client_ip, rate_limit
from socplan.organisation.guards import process_for_user

from . import selectors_surveys as selectors
from . import services_surveys as services
from .forms_surveys import (
    AnswerForm,
    PaperEntryForm,
    PublishForm,
    QuestionForm,
    SectionForm,
    SurveyForm,
    SurveyStartForm,
)
from .models_surveys import Channel, SurveyQuestion, SurveyResponse

VIEW = "analysis.view_surveys"
MANAGE = "analysis.manage_surveys"
ENTER = "analysis.enter_survey_answers"
RATE_LIMIT = 20  # web answers per address and survey ...
RATE_WINDOW = 600  # ... in this many seconds
COOKIE_PREFIX = "socplan_survey_"


def _survey(request, slug, pk, perm=VIEW):
    process = process_for_user(request, slug)
    require(request, perm, process)
    return selectors.survey_get(process=process, pk=pk)


def _url(name, survey, **kwargs):
    return reverse(
        f"analysis:{name}", kwargs={"slug": survey.process.slug, "pk": survey.pk, **kwargs}
    )


# --- staff: the list, starting and building ---------------------------------------------------


def survey_list(request, slug):
    process = process_for_user(request, slug)
    require(request, VIEW, process)
    return render(
        request,
        "analysis/surveys/list.html",
        {
            "process": process,
            "surveys": selectors.surveys_of_process(process=process),
            "can_manage": request.user.has_perm(MANAGE, process),
        },
    )


def survey_start(request, slug):
    process = process_for_user(request, slug)
    require(request, MANAGE, process)
    sources = selectors.copyable_surveys(user=request.user)
    form = SurveyStartForm(request.POST or None, sources=sources)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        title = (data["title"] or "").strip()
        if data["source"] is not None:
            survey = services.survey_copy(
                actor=request.user, source=data["source"], process=process, title=title
            )
        elif data["template"] != form.START_EMPTY:
            survey = services.survey_from_template(
                actor=request.user, process=process, template_key=data["template"], title=title
            )
        else:
            survey = services.survey_create(
                actor=request.user, process=process, title=title, audience=data["audience"]
            )
        messages.success(request, _("The survey was created. Check its questions."))
        return redirect(_url("survey_detail", survey))
    return render(
        request,
        "analysis/surveys/start.html",
        {"process": process, "form": form},
        status=400 if form.is_bound else 200,
    )


def survey_detail(request, slug, pk):
    survey = _survey(request, slug, pk)
    questions = selectors.questions_of(survey)
    count = selectors.response_count(survey)
    return render(
        request,
        "analysis/surveys/detail.html",
        {
            "process": survey.process,
            "survey": survey,
            "groups": selectors.sections_with_questions(survey, questions),
            "response_count": count,
            "locked": count > 0,
            "by_channel": selectors.counts_by_channel(survey),
            "by_day": selectors.counts_by_day(survey),
            "can_manage": request.user.has_perm(MANAGE, survey),
            "can_enter": request.user.has_perm(ENTER, survey),
            "public_url": request.build_absolute_uri(survey.get_public_url()),
            "section_form": SectionForm(),
        },
    )


def survey_edit(request, slug, pk):
    survey = _survey(request, slug, pk, MANAGE)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.survey_update(actor=request.user, survey=survey, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The survey was saved."))
            return redirect(_url("survey_detail", survey))
    survey.refresh_from_db()
    return render(
        request,
        "analysis/surveys/edit.html",
        {"process": survey.process, "survey": survey, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
def survey_action(request, slug, pk):
    """New version, delete, add a section, move a question up or down."""
    survey = _survey(request, slug, pk, MANAGE)
    action = request.POST.get("action")
    try:
        if action in ("move_up", "move_down"):
            number = request.POST.get("question", "")
            if not is_digits(number):
                raise Http404
            question = get_object_or_404(SurveyQuestion, survey=survey, pk=number)
            services.question_move(actor=request.user, question=question, direction=action[5:])
            return redirect(_url("survey_detail", survey) + f"#question-{question.pk}")
        if action == "new_version":
            new = services.survey_new_version(actor=request.user, survey=survey)
            messages.success(request, _("A new version of the survey was made; edit it here."))
            return redirect(_url("survey_detail", new))
        if action == "delete":
            services.survey_delete(actor=request.user, survey=survey)
            messages.success(request, _("The survey was deleted."))
            return redirect(reverse("analysis:survey_list", kwargs={"slug": slug}))
        if action == "section":
            form = SectionForm(request.POST)
            if form.is_valid():
                services.section_create(actor=request.user, survey=survey, **form.cleaned_data)
                messages.success(request, _("The section was added."))
            else:
                messages.error(request, _("Give the section a title."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_url("survey_detail", survey))


def question_form(request, slug, pk, question_pk=None):
    survey = _survey(request, slug, pk, MANAGE)
    question = None
    if question_pk is not None:
        question = get_object_or_404(SurveyQuestion, survey=survey, pk=question_pk)
    form = QuestionForm(request.POST or None, survey=survey, question=question)
    if request.method == "POST":
        if request.POST.get("delete") and question is not None:
            try:
                services.question_delete(actor=request.user, question=question)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The question was deleted."))
            return redirect(_url("survey_detail", survey))
        if form.is_valid():
            try:
                if question is None:
                    services.question_create(
                        actor=request.user, survey=survey, **form.service_fields()
                    )
                else:
                    services.question_update(
                        actor=request.user, question=question, **form.service_fields()
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The question was saved."))
                return redirect(_url("survey_detail", survey) + "#otazky")
    return render(
        request,
        "analysis/surveys/question_form.html",
        {
            "process": survey.process,
            "survey": survey,
            "question": question,
            "form": form,
            "locked": services.has_responses(survey),
        },
        status=400 if form.is_bound else 200,
    )


def survey_qr(request, slug, pk):
    """The QR code of the public link, as SVG (for posters)."""
    import io

    import segno

    survey = _survey(request, slug, pk)
    qr = segno.make(request.build_absolute_uri(survey.get_public_url()), error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=8, border=4, title=survey.title)
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="dotaznik-{survey.pk}-qr.svg"'
    return response


# --- staff: paper entry ---------------------------------------------------------------------


def paper_entry(request, slug, pk):
    """Typing in questionnaires from paper or interviews: the keyboard only (the codes of
    the paper form, Tab to the next field, Enter saves), then an empty form again."""
    survey = _survey(request, slug, pk, ENTER)
    questions = selectors.questions_of(survey)
    form = AnswerForm(request.POST or None, survey=survey, questions=questions, paper=True)
    meta = PaperEntryForm(request.POST or None, prefix="entry", survey=survey)
    if request.method == "POST" and form.is_valid() and meta.is_valid():
        try:
            response = services.response_submit(
                survey=survey,
                answers=form.answers,
                channel=meta.cleaned_data["channel"],
                entered_by=request.user,
                sheet_number=meta.cleaned_data["sheet_number"],
                submitted_on=meta.cleaned_data["submitted_on"],
                questions=questions,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Questionnaire no. %(n)s was saved. Type in the next one.") % {"n": response.pk},
            )
            url = _url("paper_entry", survey)
            channel = meta.cleaned_data["channel"]
            return redirect(f"{url}?channel={channel}")
    if not meta.is_bound:
        meta = PaperEntryForm(
            prefix="entry", initial={"channel": request.GET.get("channel") or Channel.PAPER}
        )
    return render(
        request,
        "analysis/surveys/paper_entry.html",
        {
            "process": survey.process,
            "survey": survey,
            "form": form,
            "meta": meta,
            "entered": SurveyResponse.objects.filter(
                survey=survey, entered_by=request.user
            ).count(),
        },
        status=400 if form.is_bound else 200,
    )


# --- staff: results --------------------------------------------------------------------------


def survey_results(request, slug, pk):
    survey = _survey(request, slug, pk)
    questions = selectors.questions_of(survey)
    filters = selectors.Filters.from_query(request.GET)
    rows = selectors.response_rows(survey, filters)
    results = selectors.survey_results(survey, filters, questions=questions, rows=rows)
    table = None
    row_code = request.GET.get("row", "")
    variable = request.GET.get("by", "")
    if row_code and variable:
        question = next((q for q in questions if q.code == row_code), None)
        if question is not None and question.kind in (
            "single",
            "multiple",
            "scale",
            "municipality",
            "target_group",
        ):
            try:
                table = selectors.crosstab(
                    survey, question, variable, filters, questions=questions, rows=rows
                )
            except (ValueError, KeyError):
                table = None
    return render(
        request,
        "analysis/surveys/results.html",
        {
            "process": survey.process,
            "survey": survey,
            "questions": questions,
            "filters": filters,
            "filter_text": selectors.filters_description(survey, filters, questions),
            "filter_query": filters.query_string(),
            "attribute_choices": {
                name: selectors.attribute_labels(survey, name)
                for name in ("role", "municipality", "target_group", "age_band", "channel")
            },
            "filter_questions": [
                q
                for q in questions
                if q.kind in ("single", "multiple", "scale", "municipality", "target_group")
            ],
            "variables": selectors.crosstab_variables(survey, questions),
            "row_code": row_code,
            "variable": variable,
            "table": table,
            "by_channel": selectors.counts_by_channel(survey),
            "by_day": selectors.counts_by_day(survey),
            "can_manage": request.user.has_perm(MANAGE, survey),
            **results,
        },
    )


def survey_moderation(request, slug, pk):
    survey = _survey(request, slug, pk, MANAGE)
    if request.method == "POST":
        response = get_object_or_404(SurveyResponse, survey=survey, pk=request.POST.get("response"))
        key = request.POST.get("key", "")
        if key.split(".")[0] not in set(survey.questions.values_list("code", flat=True)):
            raise Http404
        services.response_set_hidden(
            actor=request.user, response=response, code=key, hidden=request.POST.get("hide") == "1"
        )
        messages.success(request, _("The answer was updated."))
        return redirect(_url("survey_moderation", survey))
    return render(
        request,
        "analysis/surveys/moderation.html",
        {
            "process": survey.process,
            "survey": survey,
            "texts": selectors.moderation_texts(survey),
        },
    )


def survey_publish(request, slug, pk):
    survey = _survey(request, slug, pk, MANAGE)
    questions = selectors.questions_of(survey)
    form = PublishForm(
        request.POST or None,
        questions=questions,
        initial={
            "publish": survey.results_published,
            "questions": [q.code for q in questions if q.publish_result and not q.asks_contact],
        },
    )
    if request.method == "POST" and form.is_valid():
        services.survey_publish_results(
            actor=request.user,
            survey=survey,
            publish=form.cleaned_data["publish"],
            question_codes=form.cleaned_data["questions"],
        )
        messages.success(request, _("Publishing of the results was saved."))
        return redirect(_url("survey_results", survey))
    return render(
        request,
        "analysis/surveys/publish.html",
        {"process": survey.process, "survey": survey, "form": form},
    )


def survey_export(request, slug, pk, format):
    from . import surveys_exports

    survey = _survey(request, slug, pk, MANAGE)
    if format == "csv":
        return surveys_exports.csv_response(survey)
    if format == "xlsx":
        return surveys_exports.xlsx_response(survey)
    raise Http404


@require_POST
def survey_finding(request, slug, pk):
    """One click: the result of a question (with the filter of the page) becomes a finding."""
    survey = _survey(request, slug, pk, MANAGE)
    question = get_object_or_404(SurveyQuestion, survey=survey, code=request.POST.get("question"))
    filters = selectors.Filters.from_query(request.POST)
    try:
        finding = services.survey_finding_create(
            actor=request.user,
            survey=survey,
            question=question,
            filters=filters,
            statement=request.POST.get("statement", "").strip(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_url("survey_results", survey))
    messages.success(
        request,
        _("Finding %(code)s was made from the result of %(question)s; edit its wording here.")
        % {"code": finding.code, "question": question.code},
    )
    return redirect(reverse("analysis:finding_edit", kwargs={"slug": slug, "pk": finding.pk}))


# --- the public: answering ------------------------------------------------------------------


def _answer_key(request) -> str:
    """One counter per survey (its answering key in the address) and client address: at
    most RATE_LIMIT web answers in RATE_WINDOW seconds (counted in the cache by a digest,
    see :mod:`socplan.core.ratelimit`: never stored with the answers, forgotten after the
    window)."""
    return f"{request.resolver_match.kwargs.get('key', '')}:{client_ip(request)}"


def _answer_refused(request, slug, key):
    """Too many answers from one address: the survey's own page says so (429)."""
    survey = selectors.survey_by_key(key=key)
    if survey.process.slug != slug:
        raise Http404
    process = process_for_user(request, slug) if not survey.process.is_published else survey.process
    context = {"process": process, "survey": survey, "easy": False, "preview": False}
    return render(request, "analysis/surveys/busy.html", context, status=429)


@rate_limit(
    "survey-answer",
    limit=RATE_LIMIT,
    period=RATE_WINDOW,
    key=_answer_key,
    per_address=False,
    refused=_answer_refused,
)
def survey_answer(request, slug, key):
    survey = selectors.survey_by_key(key=key)
    if survey.process.slug != slug:
        raise Http404
    process = process_for_user(request, slug) if not survey.process.is_published else survey.process
    may_preview = request.user.has_perm(MANAGE, survey)
    easy = request.GET.get("snadne") == "1" or request.POST.get("snadne") == "1"
    context = {"process": process, "survey": survey, "easy": easy, "preview": False}
    if not survey.is_open():
        if may_preview and request.method == "GET":
            context["preview"] = True
        else:
            return render(request, "analysis/surveys/closed.html", context, status=200)
    cookie_name = f"{COOKIE_PREFIX}{survey.pk}"
    token = request.COOKIES.get(cookie_name)
    if survey.one_per_browser and services.browser_has_answered(survey=survey, token=token):
        return render(request, "analysis/surveys/answered.html", context)
    questions = selectors.questions_of(survey)
    form = AnswerForm(request.POST or None, survey=survey, questions=questions, easy=easy)
    status = 200
    if request.method == "POST":
        if form.is_spam():
            return render(request, "analysis/surveys/thanks.html", context, status=200)
        if form.is_valid():
            token = token or secrets.token_urlsafe(24)
            try:
                services.response_submit(
                    survey=survey,
                    answers=form.answers,
                    channel=Channel.WEB,
                    browser_token=token if survey.one_per_browser else None,
                    questions=questions,
                )
            except services.AlreadyAnswered:
                return render(request, "analysis/surveys/answered.html", context)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                response = redirect(
                    reverse("analysis:survey_thanks", kwargs={"slug": slug, "key": key})
                )
                if survey.one_per_browser:
                    response.set_cookie(
                        cookie_name,
                        token,
                        max_age=400 * 24 * 3600,
                        httponly=True,
                        samesite="Lax",
                        secure=request.is_secure(),
                    )
                return response
        status = 400
    return render(request, "analysis/surveys/answer.html", {**context, "form": form}, status=status)


def survey_thanks(request, slug, key):
    survey = selectors.survey_by_key(key=key)
    if survey.process.slug != slug:
        raise Http404
    return render(
        request,
        "analysis/surveys/thanks.html",
        {"process": survey.process, "survey": survey},
    )


# --- the public: published results ----------------------------------------------------------


def public_results_list(request, slug):
    process = process_for_user(request, slug)
    return render(
        request,
        "analysis/surveys/public_list.html",
        {
            "process": process,
            "published": selectors.published_surveys(process=process),
            "open": selectors.open_surveys(process=process),
        },
    )


def public_results(request, slug, pk):
    process = process_for_user(request, slug)
    survey = selectors.survey_get(process=process, pk=pk)
    if not survey.results_are_public:
        raise Http404
    return render(
        request,
        "analysis/surveys/public_results.html",
        {
            "process": process,
            "survey": survey,
            **selectors.survey_results(survey, public=True),
        },
    )
