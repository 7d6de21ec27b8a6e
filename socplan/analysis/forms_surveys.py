"""Forms of needs surveys: the questionnaire (on the web, or typed in from paper with
numeric codes) and the forms staff use to build a survey.

:class:`AnswerForm` turns what was typed into the canonical answers of
:func:`~.services_surveys.validate_answers` and shows its errors at the question.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models_surveys import (
    Audience,
    Channel,
    QuestionKind,
    RespondentAttribute,
    Survey,
    SurveyQuestion,
)
from .selectors_surveys import sheet_number_taken
from .services_surveys import OTHER, validate_answers
from .surveys_templates import template_choices

PAPER_OTHER = "0"  # the code of "other" on the paper questionnaire
RADIO_LIMIT = 12  # more options than this: a drop-down list instead of radio buttons
HONEYPOT = "website"


def field_name(question: SurveyQuestion, suffix: str = "") -> str:
    return f"q_{question.code}{suffix}"


def option_codes_text(question: SurveyQuestion, with_other=False) -> str:
    """ "1 = ano, 2 = ne" (the codes printed on paper)."""
    text = ", ".join(f"{o['code']} = {o['label']}" for o in question.options)
    if with_other:
        text += ", " + _("%(code)s = other") % {"code": PAPER_OTHER}
    return text


class QuestionBlock:
    """A question and the bound fields it is answered with (for the template)."""

    def __init__(self, question, fields, *, other=None, text=None):
        self.question = question
        self.fields = fields
        self.other = other
        self.text = text or question.text
        self.kind = question.kind

    @property
    def errors(self):
        found = []
        for bound in [*self.fields, *([self.other] if self.other else [])]:
            found.extend(bound.errors)
        return found

    @property
    def condition_values(self) -> str:
        return " ".join(self.question.condition_values)

    @property
    def condition_code(self) -> str:
        condition = self.question.condition_question
        return condition.code if condition is not None else ""

    @property
    def condition_text(self) -> str:
        condition = self.question.condition_question
        if condition is None:
            return ""
        answers = ", ".join(
            f"„{condition.option_label(v)}“" for v in self.question.condition_values
        )
        return _("Answer only if your answer to question %(code)s was %(answers)s.") % {
            "code": condition.code,
            "answers": answers,
        }


class AnswerForm(forms.Form):
    """The questionnaire. ``paper``: fields take the numeric codes of the paper form
    (staff typing in); otherwise radio buttons, check boxes and lists."""

    def __init__(self, *args, survey: Survey, questions, paper=False, easy=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = questions
        self.paper = paper
        self.easy = easy
        self.answers: dict = {}
        self._names: dict[str, list[str]] = {}
        for question in questions:
            self._add(question)
        if not paper:
            self.fields[HONEYPOT] = forms.CharField(
                required=False,
                label=_("Leave this field empty"),
                widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
            )

    # --- building ---

    def _put(self, question, name, field):
        field.required = False  # required answers are checked with the conditions
        self.fields[name] = field
        self._names.setdefault(question.code, []).append(name)

    def _label(self, question):
        text = question.easy_text if self.easy and question.easy_text else question.text
        return f"{question.code}. {text}"

    def _add(self, question: SurveyQuestion) -> None:
        kind = question.kind
        label = self._label(question)
        help_text = question.help_text
        choices = [(o["code"], o["label"]) for o in question.options]
        code_attrs = {"inputmode": "numeric", "autocomplete": "off", "class": "code-input"}
        if kind in (
            QuestionKind.SINGLE,
            QuestionKind.SCALE,
            QuestionKind.MUNICIPALITY,
            QuestionKind.TARGET_GROUP,
        ):
            if self.paper:
                field = forms.CharField(
                    label=label,
                    help_text=option_codes_text(question),
                    widget=forms.TextInput(attrs={**code_attrs, "size": 4}),
                )
            elif len(choices) > RADIO_LIMIT:
                field = forms.ChoiceField(
                    label=label, choices=[("", "—"), *choices], help_text=help_text
                )
            else:
                field = forms.ChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect, help_text=help_text
                )
            self._put(question, field_name(question), field)
        elif kind == QuestionKind.MULTIPLE:
            if self.paper:
                field = forms.CharField(
                    label=label,
                    help_text=_("Codes separated by spaces: %(codes)s")
                    % {"codes": option_codes_text(question, question.allow_other)},
                    widget=forms.TextInput(attrs={**code_attrs, "size": 12}),
                )
            else:
                if question.allow_other:
                    choices.append((OTHER, _("other (write below)")))
                field = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=help_text or _("You may choose more than one answer."),
                )
            self._put(question, field_name(question), field)
            if question.allow_other:
                self._put(
                    question,
                    field_name(question, "_other"),
                    forms.CharField(label=_("Other: what?"), max_length=500),
                )
        elif kind == QuestionKind.MATRIX:
            for row in question.rows:
                row_label = row["label"]
                if self.paper:
                    field = forms.CharField(
                        label=f"{question.code}.{row['code']} {row_label}",
                        widget=forms.TextInput(attrs={**code_attrs, "size": 4}),
                    )
                else:
                    field = forms.ChoiceField(
                        label=row_label, choices=choices, widget=forms.RadioSelect
                    )
                self._put(question, field_name(question, f"_r{row['code']}"), field)
        elif kind == QuestionKind.RANKING:
            ranks = [("", "—")] + [(str(i), str(i)) for i in range(1, len(choices) + 1)]
            for option in question.options:
                if self.paper:
                    field = forms.CharField(
                        label=f"{question.code}.{option['code']} {option['label']}",
                        widget=forms.TextInput(attrs={**code_attrs, "size": 3}),
                    )
                else:
                    field = forms.ChoiceField(label=option["label"], choices=ranks)
                self._put(question, field_name(question, f"_o{option['code']}"), field)
        elif kind == QuestionKind.NUMBER:
            field = forms.CharField(
                label=label,
                help_text=help_text,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "size": 10, "autocomplete": "off"}
                ),
            )
            self._put(question, field_name(question), field)
        else:
            widget = (
                forms.Textarea(attrs={"rows": 4})
                if kind == QuestionKind.LONG_TEXT
                else forms.TextInput(
                    attrs={"autocomplete": "off"} if not question.asks_contact else {}
                )
            )
            limit = 5000 if kind == QuestionKind.LONG_TEXT else 200
            field = forms.CharField(
                label=label, help_text=help_text, widget=widget, max_length=limit, strip=True
            )
            self._put(question, field_name(question), field)

    # --- reading ---

    def blocks(self) -> list[tuple]:
        """(section, [QuestionBlock]) in the order of the questionnaire."""
        groups: list[tuple] = []
        for question in self.questions:
            names = self._names[question.code]
            other_name = field_name(question, "_other")
            fields = [self[n] for n in names if n != other_name]
            other = self[other_name] if other_name in names else None
            text = question.easy_text if self.easy and question.easy_text else question.text
            block = QuestionBlock(question, fields, other=other, text=text)
            if groups and groups[-1][0] == question.section:
                groups[-1][1].append(block)
            else:
                groups.append((question.section, [block]))
        return groups

    @property
    def asks_contact(self) -> bool:
        return any(q.asks_contact for q in self.questions)

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def _code(self, question, value: str):
        value = (value or "").strip()
        return value or None

    def _raw_answers(self) -> dict:
        data = self.cleaned_data
        answers: dict = {}
        for question in self.questions:
            code = question.code
            kind = question.kind
            name = field_name(question)
            if kind == QuestionKind.MULTIPLE:
                value = data.get(name)
                if self.paper:
                    parts = [p for p in re.split(r"[\s,;]+", value or "") if p]
                    value = [
                        OTHER if p == PAPER_OTHER and question.allow_other else p for p in parts
                    ]
                other = (data.get(field_name(question, "_other")) or "").strip()
                if other and question.allow_other:
                    value = list(value or [])
                    if OTHER not in value:
                        value.append(OTHER)
                    answers[f"{code}.other"] = other
                answers[code] = list(value or [])
            elif kind == QuestionKind.MATRIX:
                answers[code] = {
                    row["code"]: (data.get(field_name(question, f"_r{row['code']}")) or "").strip()
                    for row in question.rows
                    if (data.get(field_name(question, f"_r{row['code']}")) or "").strip()
                }
            elif kind == QuestionKind.RANKING:
                answers[code] = {
                    o["code"]: (data.get(field_name(question, f"_o{o['code']}")) or "").strip()
                    for o in question.options
                    if (data.get(field_name(question, f"_o{o['code']}")) or "").strip()
                }
            else:
                value = data.get(name)
                answers[code] = value.strip() if isinstance(value, str) else value
        return answers

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        kept, errors = validate_answers(self.questions, self._raw_answers())
        for code, message in errors.items():
            names = self._names.get(code, [])
            target = names[0] if names else None
            self.add_error(target, message)
        if not errors and not kept:
            raise ValidationError(_("The questionnaire is empty: answer at least one question."))
        self.answers = kept
        return cleaned

    def first_field_of(self, code: str) -> str:
        return self._names.get(code, [""])[0]


class PaperEntryForm(forms.Form):
    """What staff add to a questionnaire typed in from paper or an interview."""

    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        choices=[
            (Channel.PAPER, Channel.PAPER.label),
            (Channel.INTERVIEW, Channel.INTERVIEW.label),
        ],
        initial=Channel.PAPER,
    )
    sheet_number = forms.CharField(
        label=gettext_lazy("Number of the paper sheet"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"size": 8, "autocomplete": "off"}),
    )
    submitted_on = forms.DateField(
        label=gettext_lazy("Day the answer was given"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    confirm_duplicate = forms.BooleanField(
        label=gettext_lazy("Save it anyway: it is another questionnaire with the same number"),
        required=False,
    )

    def __init__(self, *args, survey=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        # the confirmation is offered only once the number was found typed in already
        self.duplicate_of = None
        if self.is_bound and survey is not None:
            number = (self.data.get(self.add_prefix("sheet_number")) or "").strip()
            if number:
                self.duplicate_of = sheet_number_taken(survey=survey, sheet_number=number)
        if self.duplicate_of is None:
            del self.fields["confirm_duplicate"]

    def clean(self):
        data = super().clean()
        if self.duplicate_of is not None and not data.get("confirm_duplicate"):
            self.add_error(
                "sheet_number",
                ValidationError(
                    _(
                        "A paper sheet numbered %(number)s was typed in already (questionnaire "
                        "no. %(pk)s). Check the sheet: if it is another questionnaire with the "
                        "same number, tick the box below and save again."
                    ),
                    code="duplicate_sheet",
                    params={"number": data.get("sheet_number", ""), "pk": self.duplicate_of},
                ),
            )
        return data


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "audience",
            "intro",
            "easy_intro",
            "thanks",
            "opens_at",
            "closes_at",
            "is_collecting",
            "one_per_browser",
        ]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 3}),
            "easy_intro": forms.Textarea(attrs={"rows": 3}),
            "thanks": forms.Textarea(attrs={"rows": 2}),
            "opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }


class SurveyStartForm(forms.Form):
    """A new survey: empty, from a template, or a copy of an earlier one."""

    START_EMPTY = "empty"
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200, required=False)
    template = forms.ChoiceField(label=gettext_lazy("Start from"))
    source = forms.ModelChoiceField(
        label=gettext_lazy("Or copy a survey"),
        queryset=Survey.objects.none(),
        required=False,
        help_text=gettext_lazy("A survey of this or an earlier process."),
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Audience"), choices=Audience.choices, initial=Audience.PUBLIC
    )

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [
            (self.START_EMPTY, _("an empty survey")),
            *[(k, _("template: %(label)s") % {"label": v}) for k, v in template_choices()],
        ]
        if sources is not None:
            self.fields["source"].queryset = sources
            self.fields["source"].label_from_instance = lambda s: (
                f"{s.process.name}: {s.title} (v{s.version})"
            )

    def clean(self):
        cleaned = super().clean()
        empty = cleaned.get("template") == self.START_EMPTY and not cleaned.get("source")
        if empty and not (cleaned.get("title") or "").strip():
            self.add_error("title", _("Give the survey a title."))
        return cleaned


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(forms.Form):
    """A question; options and matrix rows one per line (their codes follow the order)."""

    section = forms.ModelChoiceField(label=gettext_lazy("Section"), queryset=None, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=QuestionKind.choices)
    text = forms.CharField(label=gettext_lazy("Question"), max_length=500)
    easy_text = forms.CharField(
        label=gettext_lazy("In easy-to-read language"), max_length=500, required=False
    )
    help_text = forms.CharField(label=gettext_lazy("Help text"), max_length=500, required=False)
    required = forms.BooleanField(label=gettext_lazy("Required"), required=False)
    options = forms.CharField(
        label=gettext_lazy("Options (one per line)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=gettext_lazy(
            "Choices, the points of a scale, the scale of a matrix or the items to rank. "
            "Municipality and target-group questions fill them in themselves."
        ),
    )
    rows = forms.CharField(
        label=gettext_lazy("Rows of the matrix (one per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    allow_other = forms.BooleanField(label=gettext_lazy('Offer "other" with text'), required=False)
    min_value = forms.DecimalField(label=gettext_lazy("Lowest number"), required=False)
    max_value = forms.DecimalField(label=gettext_lazy("Highest number"), required=False)
    attribute = forms.ChoiceField(
        label=gettext_lazy("Tells about the respondent"),
        choices=[("", "—"), *RespondentAttribute.choices],
        required=False,
    )
    asks_contact = forms.BooleanField(
        label=gettext_lazy("Asks for contact details"), required=False
    )
    condition_question = forms.ModelChoiceField(
        label=gettext_lazy("Show only if question"), queryset=None, required=False
    )
    condition_values = forms.CharField(
        label=gettext_lazy("… was answered with (codes, separated by spaces)"),
        required=False,
        max_length=100,
    )

    def __init__(self, *args, survey: Survey, question: SurveyQuestion | None = None, **kwargs):
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "section": question.section_id,
                "kind": question.kind,
                "text": question.text,
                "easy_text": question.easy_text,
                "help_text": question.help_text,
                "required": question.required,
                "options": "\n".join(o["label"] for o in question.options)
                if question.kind not in (QuestionKind.MUNICIPALITY, QuestionKind.TARGET_GROUP)
                else "",
                "rows": "\n".join(r["label"] for r in question.rows),
                "allow_other": question.allow_other,
                "min_value": question.min_value,
                "max_value": question.max_value,
                "attribute": question.attribute,
                "asks_contact": question.asks_contact,
                "condition_question": question.condition_question_id,
                "condition_values": " ".join(question.condition_values),
            }
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.question = question
        self.fields["section"].queryset = survey.sections.all()
        earlier = survey.questions.all()
        if question is not None:
            earlier = earlier.filter(order__lt=question.order)
        self.fields["condition_question"].queryset = earlier

    def service_fields(self) -> dict:
        from .services_surveys import attribute_options, numbered

        data = self.cleaned_data
        kind = data["kind"]
        fields = {
            "section": data["section"],
            "kind": kind,
            "text": data["text"],
            "easy_text": data["easy_text"],
            "help_text": data["help_text"],
            "required": data["required"],
            "allow_other": data["allow_other"] and kind == QuestionKind.MULTIPLE,
            "min_value": data["min_value"],
            "max_value": data["max_value"],
            "attribute": data["attribute"],
            "asks_contact": data["asks_contact"],
            "condition_question": data["condition_question"],
            "condition_values": [v for v in re.split(r"[\s,;]+", data["condition_values"]) if v],
            "rows": numbered(_lines(data["rows"])) if kind == QuestionKind.MATRIX else [],
        }
        labels = _lines(data["options"])
        if kind in (QuestionKind.MUNICIPALITY, QuestionKind.TARGET_GROUP):
            labels = []
        if data["attribute"] in (RespondentAttribute.ROLE, RespondentAttribute.AGE_BAND):
            fields["options"] = attribute_options(data["attribute"])
        elif labels:
            fields["options"] = numbered(labels)
        elif kind in (QuestionKind.NUMBER, QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
            fields["options"] = []
        if not fields["condition_question"]:
            fields["condition_values"] = []
        return fields


class SectionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title of the section"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class PublishForm(forms.Form):
    publish = forms.BooleanField(label=gettext_lazy("Publish the results"), required=False)
    questions = forms.MultipleChoiceField(
        label=gettext_lazy("Questions whose results are public"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].choices = [
            (q.code, f"{q.code} {q.text}") for q in questions if not q.asks_contact
        ]
