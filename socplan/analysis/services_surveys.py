"""Writes of needs surveys: building a survey (from a template, by copying, as a new
version), its questions, collecting answers (web, paper, interview), moderation,
publishing and turning a result into a finding. Keyword-only functions, each in one
transaction; pages, commands and the demo call the same functions.

Answers arrive in a canonical form (see :func:`validate_answers`); the forms of
:mod:`.forms_surveys` turn web widgets or paper codes into it.
"""

import hashlib
import hmac
import random
import re
import time
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socplan.catalogue.models import CodelistItem
from socplan.core.audit import audit_log
from socplan.core.numbering import next_number
from socplan.core.numbers import is_digits

from .audit_surveys import SurveyAction
from .models_surveys import (
    AgeBand,
    Channel,
    QuestionKind,
    RespondentAttribute,
    Survey,
    SurveyBrowserMark,
    SurveyFindingLink,
    SurveyQuestion,
    SurveyResponse,
    SurveySection,
    TriadRole,
)
from .surveys_templates import TEMPLATES

OTHER = "other"  # the option code of "other" in a multiple-choice answer

# Fields of a survey that may change after answers came (they do not change the questions).
ALWAYS_EDITABLE = {
    "title",
    "intro",
    "easy_intro",
    "thanks",
    "opens_at",
    "closes_at",
    "is_collecting",
    "one_per_browser",
    "results_published",
}
CONTENT_FIELDS = {"audience"}


class SurveyLocked(ValidationError):
    def __init__(self, survey):
        super().__init__(
            _(
                "The survey already has answers, so its questions cannot change. "
                "Make a new version of it instead."
            ),
            code="locked",
        )


def has_responses(survey: Survey) -> bool:
    return SurveyResponse.objects.filter(survey=survey).exists()


def _ensure_editable(survey: Survey) -> None:
    if has_responses(survey):
        raise SurveyLocked(survey)


# --- options from the process ---------------------------------------------------------------


def numbered(labels) -> list[dict]:
    """Options numbered from 1; a label may be a (ref, label) pair."""
    options = []
    for index, label in enumerate(labels, start=1):
        if isinstance(label, (tuple, list)):
            options.append({"code": str(index), "label": label[1], "ref": label[0]})
        else:
            options.append({"code": str(index), "label": str(label)})
    return options


def municipality_options(process) -> list[dict]:
    from socplan.core.collation import czech_sort_key

    municipalities = sorted(
        process.planning_area.municipalities.all(), key=lambda m: czech_sort_key(m.name)
    )
    return numbered([(m.code, m.name) for m in municipalities])


def target_group_options() -> list[dict]:
    items = CodelistItem.objects.target_groups().filter(is_known=True).order_by("order", "name")
    return numbered([(item.register_id, item.name) for item in items])


def attribute_options(attribute: str) -> list[dict]:
    if attribute == RespondentAttribute.ROLE:
        return numbered([(value, str(label)) for value, label in TriadRole.choices])
    if attribute == RespondentAttribute.AGE_BAND:
        return numbered([(value, str(label)) for value, label in AgeBand.choices])
    return []


# --- building a survey ----------------------------------------------------------------------


@transaction.atomic
def survey_create(*, actor, process, title: str, audience: str = "public", **fields) -> Survey:
    survey = Survey.objects.create(
        process=process, title=title, audience=audience, created_by=_user(actor), **fields
    )
    audit_log(actor=actor, action=SurveyAction.SURVEY_CREATED, obj=survey)
    return survey


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def survey_update(*, actor, survey: Survey, **fields) -> Survey:
    content = set(fields) - ALWAYS_EDITABLE
    unknown = content - CONTENT_FIELDS
    if unknown:
        raise TypeError(f"survey_update() cannot change {sorted(unknown)}")
    if content and any(getattr(survey, k) != v for k, v in fields.items() if k in content):
        _ensure_editable(survey)
    opens = fields.get("opens_at", survey.opens_at)
    closes = fields.get("closes_at", survey.closes_at)
    if opens and closes and closes <= opens:
        raise ValidationError({"closes_at": _("The survey must close after it opens.")})
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.save()
    audit_log(actor=actor, action=SurveyAction.SURVEY_UPDATED, obj=survey, fields=sorted(fields))
    return survey


def next_question_code(survey: Survey) -> str:
    numbers = [
        int(code[1:])
        for code in survey.questions.values_list("code", flat=True)
        if code[:1] == "Q" and is_digits(code[1:])
    ]
    return f"Q{max(numbers, default=0) + 1}"


@transaction.atomic
def section_create(*, actor, survey: Survey, title: str, description: str = "") -> SurveySection:
    _ensure_editable(survey)
    order = next_number(survey.sections, "order")
    return SurveySection.objects.create(
        survey=survey, title=title, description=description, order=order
    )


def _check_question(question: SurveyQuestion) -> None:
    errors = {}
    needs_options = question.kind in (
        QuestionKind.SINGLE,
        QuestionKind.MULTIPLE,
        QuestionKind.SCALE,
        QuestionKind.MATRIX,
        QuestionKind.RANKING,
    )
    if needs_options and len(question.options) < 2:
        errors["options"] = _("Give at least two options.")
    if question.kind == QuestionKind.MATRIX and not question.rows:
        errors["rows"] = _("Give at least one row of the matrix.")
    if question.condition_question_id:
        condition = question.condition_question
        if condition.survey_id != question.survey_id or condition.order >= question.order:
            errors["condition_question"] = _("A condition may name only an earlier question.")
        elif condition.kind not in _CONDITION_KINDS:
            errors["condition_question"] = _(
                "A condition may name only a choice, scale, municipality or target-group question."
            )
        elif not question.condition_values:
            errors["condition_values"] = _("Choose the answers that show the question.")
        else:
            codes = {o["code"] for o in condition.options}
            if not set(question.condition_values) <= codes:
                errors["condition_values"] = _("Choose answers of the question named.")
    if (
        question.min_value is not None
        and question.max_value is not None
        and question.min_value > question.max_value
    ):
        errors["max_value"] = _("The highest number must not be below the lowest.")
    if errors:
        raise ValidationError(errors)


_CONDITION_KINDS = {
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.SCALE,
    QuestionKind.MUNICIPALITY,
    QuestionKind.TARGET_GROUP,
}


@transaction.atomic
def question_create(*, actor, survey: Survey, kind: str, text: str, **fields) -> SurveyQuestion:
    _ensure_editable(survey)
    if kind == QuestionKind.MUNICIPALITY and not fields.get("options"):
        fields["options"] = municipality_options(survey.process)
    if kind == QuestionKind.TARGET_GROUP and not fields.get("options"):
        fields["options"] = target_group_options()
    if fields.get("attribute") and not fields.get("options"):
        fields["options"] = attribute_options(fields["attribute"])
    order = fields.pop("order", None)
    if order is None:
        order = next_number(survey.questions, "order")
    code = fields.pop("code", None) or next_question_code(survey)
    question = SurveyQuestion(survey=survey, kind=kind, text=text, order=order, code=code, **fields)
    _check_question(question)
    question.save()
    audit_log(actor=actor, action=SurveyAction.SURVEY_QUESTION_CHANGED, obj=survey, code=code)
    return question


@transaction.atomic
def question_update(*, actor, question: SurveyQuestion, **fields) -> SurveyQuestion:
    _ensure_editable(question.survey)
    for name, value in fields.items():
        setattr(question, name, value)
    _check_question(question)
    question.save()
    audit_log(
        actor=actor,
        action=SurveyAction.SURVEY_QUESTION_CHANGED,
        obj=question.survey,
        code=question.code,
    )
    return question


@transaction.atomic
def question_delete(*, actor, question: SurveyQuestion) -> None:
    survey = question.survey
    _ensure_editable(survey)
    if question.dependent_questions.exists():
        raise ValidationError(_("Another question is shown depending on this one."))
    code = question.code
    question.delete()
    audit_log(actor=actor, action=SurveyAction.SURVEY_QUESTION_CHANGED, obj=survey, deleted=code)


AUTO_CODE = re.compile(r"Q\d+")


@transaction.atomic
def question_move(*, actor, question: SurveyQuestion, direction: str) -> SurveyQuestion:
    """Move a question one place up or down within its section (only before the first
    answer: afterwards a new version). A question shown depending on another never comes
    before it. When both questions have numbered codes (``Q3``, ``Q4``) they swap their
    codes too, so that the questionnaire stays numbered in order."""
    if direction not in ("up", "down"):
        raise ValueError(direction)
    survey = question.survey
    _ensure_editable(survey)
    questions = list(
        SurveyQuestion.objects.select_for_update().filter(survey=survey).order_by("order", "id")
    )
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(questions) or (
        questions[other_index].section_id != questions[index].section_id
    ):
        raise ValidationError(
            _("The question is already the first of its section.")
            if direction == "up"
            else _("The question is already the last of its section.")
        )
    earlier, later = sorted((questions[index], questions[other_index]), key=questions.index)
    if later.condition_question_id == earlier.pk:
        raise ValidationError(
            _("%(later)s is shown depending on the answer to %(earlier)s: it cannot come first.")
            % {"later": later.code, "earlier": earlier.code}
        )
    questions[index], questions[other_index] = questions[other_index], questions[index]
    for number, q in enumerate(questions, start=1):
        q.order = number
    SurveyQuestion.objects.bulk_update(questions, ["order"])
    if AUTO_CODE.fullmatch(earlier.code) and AUTO_CODE.fullmatch(later.code):
        first_code, second_code = earlier.code, later.code
        SurveyQuestion.objects.filter(pk=earlier.pk).update(code="~")  # the codes are unique
        SurveyQuestion.objects.filter(pk=later.pk).update(code=first_code)
        SurveyQuestion.objects.filter(pk=earlier.pk).update(code=second_code)
    question.refresh_from_db()
    audit_log(
        actor=actor,
        action=SurveyAction.SURVEY_QUESTION_CHANGED,
        obj=survey,
        code=question.code,
        moved=direction,
    )
    return question


@transaction.atomic
def survey_from_template(*, actor, process, template_key: str, title: str = "") -> Survey:
    template = TEMPLATES[template_key]
    survey = Survey.objects.create(
        process=process,
        title=title or template["title"],
        audience=template["audience"],
        intro=template.get("intro", ""),
        easy_intro=template.get("easy_intro", ""),
        template_key=template_key,
        created_by=_user(actor),
    )
    by_key: dict[str, SurveyQuestion] = {}
    order = 0
    for section_order, section_data in enumerate(template["sections"], start=1):
        section = SurveySection.objects.create(
            survey=survey, title=section_data["title"], order=section_order
        )
        for data in section_data["questions"]:
            order += 1
            kind = data["kind"]
            if kind == QuestionKind.MUNICIPALITY:
                options = municipality_options(process)
            elif kind == QuestionKind.TARGET_GROUP:
                options = target_group_options()
            else:
                options = numbered(data["options"])
            condition = None
            values: list[str] = []
            if data["if"]:
                condition = by_key[data["if"][0]]
                values = list(data["if"][1])
            question = SurveyQuestion.objects.create(
                survey=survey,
                section=section,
                order=order,
                code=f"Q{order}",
                kind=kind,
                text=data["text"],
                easy_text=data["easy"],
                help_text=data["help"],
                required=data["required"],
                options=options,
                rows=numbered(data["rows"]),
                allow_other=data["other"],
                attribute=data["attribute"],
                asks_contact=data["contact"],
                condition_question=condition,
                condition_values=values,
                min_value=data["min"],
                max_value=data["max"],
            )
            if data["key"]:
                by_key[data["key"]] = question
    audit_log(actor=actor, action=SurveyAction.SURVEY_CREATED, obj=survey, template=template_key)
    return survey


def _copy_into(source: Survey, target: Survey) -> None:
    sections = {}
    for section in source.sections.all():
        sections[section.pk] = SurveySection.objects.create(
            survey=target, title=section.title, description=section.description, order=section.order
        )
    questions = {}
    same_area = source.process_id == target.process_id
    for question in source.questions.order_by("order", "id"):
        options = question.options
        if question.kind == QuestionKind.MUNICIPALITY and not same_area:
            options = municipality_options(target.process)
        copy = SurveyQuestion.objects.create(
            survey=target,
            section=sections.get(question.section_id),
            order=question.order,
            code=question.code,
            kind=question.kind,
            text=question.text,
            easy_text=question.easy_text,
            help_text=question.help_text,
            required=question.required,
            options=options,
            rows=question.rows,
            allow_other=question.allow_other,
            min_value=question.min_value,
            max_value=question.max_value,
            attribute=question.attribute,
            asks_contact=question.asks_contact,
            condition_question=questions.get(question.condition_question_id),
            condition_values=question.condition_values,
            publish_result=question.publish_result,
        )
        questions[question.pk] = copy


@transaction.atomic
def survey_copy(*, actor, source: Survey, process, title: str = "") -> Survey:
    """A new draft survey of ``process`` with the questions of ``source`` (of any process
    the user may read; municipality questions take the new area's municipalities)."""
    survey = Survey.objects.create(
        process=process,
        title=title or source.title,
        audience=source.audience,
        intro=source.intro,
        easy_intro=source.easy_intro,
        thanks=source.thanks,
        template_key=source.template_key,
        copied_from=source,
        created_by=_user(actor),
    )
    _copy_into(source, survey)
    audit_log(actor=actor, action=SurveyAction.SURVEY_COPIED, obj=survey, source=source.pk)
    return survey


@transaction.atomic
def survey_new_version(*, actor, survey: Survey) -> Survey:
    """The next version of a survey that has answers: a draft with the same questions,
    to be edited; the old version stops collecting (its answers stay with it)."""
    new = Survey.objects.create(
        process=survey.process,
        title=survey.title,
        audience=survey.audience,
        intro=survey.intro,
        easy_intro=survey.easy_intro,
        thanks=survey.thanks,
        template_key=survey.template_key,
        one_per_browser=survey.one_per_browser,
        opens_at=survey.opens_at,
        closes_at=survey.closes_at,
        version=survey.version + 1,
        previous_version=survey,
        created_by=_user(actor),
    )
    _copy_into(survey, new)
    if survey.is_collecting:
        survey.is_collecting = False
        survey.save(update_fields=["is_collecting", "updated_at"])
    audit_log(actor=actor, action=SurveyAction.SURVEY_VERSIONED, obj=new, previous=survey.pk)
    return new


@transaction.atomic
def survey_delete(*, actor, survey: Survey) -> None:
    _ensure_editable(survey)
    audit_log(actor=actor, action=SurveyAction.SURVEY_DELETED, obj=survey)
    survey.delete()


# --- answers --------------------------------------------------------------------------------


def is_shown(question: SurveyQuestion, answers: dict, by_id: dict) -> bool:
    """Whether ``question`` is asked, given the answers to the earlier ones (a question
    whose condition names a question that is not asked is not asked either)."""
    if not question.condition_question_id:
        return True
    condition = by_id.get(question.condition_question_id)
    if condition is None or not is_shown(condition, answers, by_id):
        return False
    value = answers.get(condition.code)
    if isinstance(value, list):
        return bool(set(value) & set(question.condition_values))
    return value is not None and str(value) in question.condition_values


def _plain_number(value: Decimal) -> str:
    """12 or 12,5 (never 1.2E+1)."""
    return format(value.normalize(), "f").replace(".", ",")


def _is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def validate_answers(questions: list[SurveyQuestion], answers: dict) -> tuple[dict, dict]:
    """The answers to keep and the errors per question code.

    Answers to questions that are not shown (their condition is not met) are dropped and
    such questions are never required; option codes must exist; numbers must be in range;
    ranks unique."""
    by_id = {q.pk: q for q in questions}
    kept: dict = {}
    errors: dict[str, str] = {}
    for question in questions:
        code = question.code
        value = answers.get(code)
        if not is_shown(question, {**answers, **kept}, by_id):
            continue
        if _is_empty(value):
            if question.required:
                errors[code] = _("This question is required.")
            continue
        codes = {o["code"] for o in question.options}
        kind = question.kind
        if kind in (
            QuestionKind.SINGLE,
            QuestionKind.SCALE,
            QuestionKind.MUNICIPALITY,
            QuestionKind.TARGET_GROUP,
        ):
            if str(value) not in codes:
                errors[code] = _("Choose one of the options.")
                continue
            kept[code] = str(value)
        elif kind == QuestionKind.MULTIPLE:
            values = [str(v) for v in (value if isinstance(value, list) else [value])]
            allowed = codes | ({OTHER} if question.allow_other else set())
            if not set(values) <= allowed:
                errors[code] = _("Choose from the options.")
                continue
            kept[code] = [c for c in [o["code"] for o in question.options] if c in values]
            if OTHER in values:
                kept[code].append(OTHER)
                other = str(answers.get(f"{code}.other", "")).strip()[:500]
                if other:
                    kept[f"{code}.other"] = other
        elif kind == QuestionKind.MATRIX:
            rows = {r["code"] for r in question.rows}
            if not isinstance(value, dict) or not set(value) <= rows:
                errors[code] = _("Answer the rows of the table.")
                continue
            if any(str(v) not in codes for v in value.values() if v not in ("", None)):
                errors[code] = _("Choose one of the options in each row.")
                continue
            cleaned = {r: str(v) for r, v in value.items() if v not in ("", None)}
            if question.required and set(cleaned) != rows:
                errors[code] = _("Answer every row of the table.")
                continue
            if cleaned:
                kept[code] = cleaned
        elif kind == QuestionKind.RANKING:
            if not isinstance(value, dict) or not set(value) <= codes:
                errors[code] = _("Give the order of the options.")
                continue
            try:
                ranks = {c: int(r) for c, r in value.items() if r not in ("", None)}
            except (TypeError, ValueError):
                errors[code] = _("Give the order as numbers 1, 2, 3…")
                continue
            if sorted(ranks.values()) != list(range(1, len(ranks) + 1)):
                errors[code] = _("Use each number once, starting with 1.")
                continue
            if ranks:
                kept[code] = ranks
        elif kind == QuestionKind.NUMBER:
            try:
                number = Decimal(
                    str(value).replace(",", ".").replace("\u00a0", "").replace(" ", "")
                )
            except InvalidOperation:
                errors[code] = _("Enter a number.")
                continue
            if not number.is_finite():
                errors[code] = _("Enter a number.")
                continue
            if question.min_value is not None and number < question.min_value:
                errors[code] = _("The number must be at least %(min)s.") % {
                    "min": _plain_number(question.min_value)
                }
                continue
            if question.max_value is not None and number > question.max_value:
                errors[code] = _("The number must be at most %(max)s.") % {
                    "max": _plain_number(question.max_value)
                }
                continue
            kept[code] = int(number) if number == number.to_integral_value() else float(number)
        else:  # text
            text = str(value).strip()
            limit = 200 if kind == QuestionKind.SHORT_TEXT else 5000
            if len(text) > limit:
                errors[code] = _("The answer is too long (at most %(n)s characters).") % {
                    "n": limit
                }
                continue
            if text:
                kept[code] = text
            elif question.required:
                errors[code] = _("This question is required.")
    return kept, errors


def _attributes(questions, answers) -> dict:
    """The respondent attributes (stored beside the answers for filtering)."""
    found = {}
    fields = {
        RespondentAttribute.ROLE: "role",
        RespondentAttribute.MUNICIPALITY: "municipality",
        RespondentAttribute.TARGET_GROUP: "target_group",
        RespondentAttribute.AGE_BAND: "age_band",
    }
    for question in questions:
        if question.attribute and question.code in answers:
            value = answers[question.code]
            option = next((o for o in question.options if o["code"] == value), None)
            if option is not None:
                found[fields[question.attribute]] = option.get("ref") or option["code"]
    return found


class SurveyClosed(ValidationError):
    def __init__(self):
        super().__init__(_("The survey is not open for answers."), code="closed")


class AlreadyAnswered(ValidationError):
    def __init__(self):
        super().__init__(_("This browser has already answered the survey."), code="answered")


def browser_digest(survey: Survey, token: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"survey:{survey.pk}:{token}".encode(), hashlib.sha256).hexdigest()


def browser_has_answered(*, survey: Survey, token: str | None) -> bool:
    if not token:
        return False
    return SurveyBrowserMark.objects.filter(digest=browser_digest(survey, token)).exists()


def response_submit(
    *,
    survey: Survey,
    answers: dict,
    channel: str = Channel.WEB,
    entered_by=None,
    sheet_number: str = "",
    submitted_on=None,
    browser_token: str | None = None,
    questions: list[SurveyQuestion] | None = None,
    is_demo: bool = False,
) -> SurveyResponse:
    """Save one questionnaire. A web answer needs an open survey; paper and interview
    answers are typed in by staff (``entered_by``) also after the survey closed. The
    answers are validated again here (the same rules for every channel)."""
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel."))
    if channel == Channel.WEB and not survey.is_open():
        raise SurveyClosed()
    if channel != Channel.WEB and entered_by is None and not is_demo:
        raise ValidationError(_("A paper answer records who typed it in."))
    if questions is None:
        questions = list(survey.questions.select_related(None).order_by("order", "id"))
    kept, errors = validate_answers(questions, answers)
    if errors:
        raise ValidationError(errors)
    if not kept:
        raise ValidationError(_("The questionnaire is empty."), code="empty")
    response = SurveyResponse(
        survey=survey,
        channel=channel,
        entered_by=_user(entered_by) if channel != Channel.WEB else None,
        sheet_number=sheet_number[:20] if channel != Channel.WEB else "",
        submitted_on=submitted_on or timezone.localdate(),
        answers=kept,
        is_demo=is_demo,
        **_attributes(questions, kept),
    )
    return _retrying(
        lambda: _save_response(survey, response, channel, entered_by, browser_token, is_demo)
    )


def _retrying(save, attempts: int = 8):
    """Run ``save`` (one transaction) again when the database was busy: SQLite lets one
    writer at a time and gives up after its busy timeout; an answer is never dropped for
    that. Inside a caller's transaction the caller must retry, so the error goes up."""
    for attempt in range(attempts):
        try:
            return save()
        except OperationalError as error:
            message = str(error).lower()
            busy = "locked" in message or "busy" in message
            if not busy or attempt == attempts - 1 or transaction.get_connection().in_atomic_block:
                raise
            time.sleep(random.uniform(0.01, 0.05) * 2**attempt)
    raise AssertionError("not reached")


def _save_response(survey, response, channel, entered_by, browser_token, is_demo):
    with transaction.atomic():
        if survey.one_per_browser and channel == Channel.WEB and browser_token:
            try:
                with transaction.atomic():
                    SurveyBrowserMark.objects.create(
                        digest=browser_digest(survey, browser_token), survey=survey
                    )
            except IntegrityError:
                raise AlreadyAnswered() from None
        response.pk = None
        response.save(force_insert=True)
        if channel != Channel.WEB and not is_demo:
            audit_log(
                actor=entered_by,
                action=SurveyAction.SURVEY_PAPER_ENTERED,
                obj=survey,
                channel=channel,
            )
    return response


@transaction.atomic
def response_set_hidden(*, actor, response: SurveyResponse, code: str, hidden: bool) -> None:
    """Hide (or show again) an open answer, e.g. one that names a person."""
    response = SurveyResponse.objects.select_for_update().get(pk=response.pk)
    codes = set(response.hidden)
    codes.add(code) if hidden else codes.discard(code)
    response.hidden = sorted(codes)
    response.save(update_fields=["hidden"])
    audit_log(
        actor=actor,
        action=SurveyAction.SURVEY_ANSWER_MODERATED,
        obj=response.survey,
        response=response.pk,
        code=code,
        hidden=hidden,
    )


@transaction.atomic
def survey_publish_results(
    *, actor, survey: Survey, publish: bool, question_codes: list[str] | None = None
) -> Survey:
    """Choose the questions whose results are public and publish (or withdraw) them; they
    show on the public pages once the survey has closed. Contact questions never are."""
    if question_codes is not None:
        for question in survey.questions.all():
            wanted = question.code in question_codes and not question.asks_contact
            if question.publish_result != wanted:
                question.publish_result = wanted
                question.save(update_fields=["publish_result"])
    survey.results_published = publish
    survey.save(update_fields=["results_published", "updated_at"])
    audit_log(
        actor=actor, action=SurveyAction.SURVEY_RESULTS_PUBLISHED, obj=survey, published=publish
    )
    return survey


# --- a result becomes a finding ----------------------------------------------------------------


def result_summary(result: dict) -> str:
    """The numbers of a result as a line of text (kept in the finding's detail)."""
    parts = []
    if result["options"]:
        parts = [
            f"{o['label']}: {o['count']} ({str(o['percent']).replace('.', ',')} %)"
            for o in result["options"]
        ]
    elif result["rows"]:
        parts = [
            f"{r['label']}: " + ", ".join(f"{o['label']} {o['count']}" for o in r["options"])
            for r in result["rows"]
        ]
    elif result["ranking"]:
        parts = [
            f"{o['label']}: {str(o['average_rank']).replace('.', ',')}" for o in result["ranking"]
        ]
    elif result["numbers"]:
        n = result["numbers"]
        parts = [
            _("mean %(mean)s, median %(median)s, minimum %(min)s, maximum %(max)s")
            % {k: str(v).replace(".", ",") for k, v in n.items()}
        ]
    return "; ".join(parts)


def _snapshot(result: dict) -> dict:
    """The numbers of a result as plain JSON."""
    keep = ("code", "respondents", "answered", "options", "average", "rows", "ranking", "numbers")
    return {k: result[k] for k in keep}


@transaction.atomic
def survey_finding_create(
    *,
    actor,
    survey: Survey,
    question: SurveyQuestion,
    filters=None,
    statement: str = "",
    is_demo: bool = False,
):
    """A finding of the findings register made from the result of ``question`` (with the
    filter applied), keeping the numbers the result has now."""
    from . import selectors_surveys
    from .models import Finding
    from .services import finding_create

    filters = filters or selectors_surveys.Filters()
    rows = selectors_surveys.response_rows(survey, filters)
    result = selectors_surveys.question_result(question, rows, chart=False)
    filter_text = selectors_surveys.filters_description(survey, filters)
    if not statement:
        statement = _("%(question)s (survey %(survey)s)") % {
            "question": question.text,
            "survey": survey.title,
        }
    detail = _(
        "%(survey)s, question %(code)s: %(question)s. Respondents: %(n)s, answered: %(a)s."
    ) % {
        "survey": survey.title,
        "code": question.code,
        "question": question.text,
        "n": result["respondents"],
        "a": result["answered"],
    }
    if filter_text:
        detail += " " + _("Filter: %(filter)s.") % {"filter": filter_text}
    summary = result_summary(result)
    if summary:
        detail += "\n" + summary
    fields = {}
    municipality = filters.attributes.get("municipality")
    if municipality:
        fields["municipalities"] = list(
            survey.process.planning_area.municipalities.filter(code=municipality)
        )
    target_group = filters.attributes.get("target_group")
    if target_group:
        fields["target_groups"] = list(
            CodelistItem.objects.target_groups().filter(register_id=target_group)
        )
    finding = finding_create(
        actor=actor,
        process=survey.process,
        statement=statement[:500],
        detail=detail,
        source_kind=Finding.SourceKind.SURVEY,
        source_ref=f"survey:{survey.pk}:{question.code}"[:120],
        is_demo=is_demo,
        **fields,
    )
    SurveyFindingLink.objects.create(
        finding=finding,
        survey=survey,
        question_code=question.code,
        filters=filters.as_dict(),
        snapshot=_snapshot(result),
    )
    audit_log(
        actor=actor,
        action=SurveyAction.SURVEY_FINDING_MADE,
        obj=survey,
        finding=finding.code,
        question=question.code,
    )
    return finding
