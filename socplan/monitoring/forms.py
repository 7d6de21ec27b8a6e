from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from socplan.catalogue.models import CodelistItem
from socplan.core.forms import VersionedForm
from socplan.library.models import Document
from socplan.organisation.council import CouncilDecisionForm
from socplan.organisation.models import Meeting
from socplan.planning.models import FundingSource, Plan

from .models import Evaluation, IndicatorSetup, Light, MonitoringDecision
from .selectors import STATES

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def amount_field(label, *, required=False, allow_negative=False):
    field = forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        localize=True,
        validators=[] if allow_negative else [MinValueValidator(Decimal("0"))],
    )
    field.widget.attrs.update(inputmode="decimal", autocomplete="off", size=12)
    return field


class PeriodCreateForm(forms.Form):
    action_plan = forms.ModelChoiceField(label=_("Action plan"), queryset=Plan.objects.none())
    deadline = forms.DateField(
        label=_("Deadline of the submission"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, action_plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_plan"].queryset = Plan.objects.filter(
            pk__in=[p.pk for p in action_plans]
        ).order_by("year")
        self.fields["action_plan"].label_from_instance = lambda p: f"{p.year}: {p.title}"


class PeriodForm(forms.Form):
    deadline = forms.DateField(
        label=_("Deadline of the submission"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=TEXTAREA,
        help_text=_("The summary of the year for the monitoring report."),
    )


class ActivityReportForm(forms.Form):
    status = forms.ChoiceField(label=_("State of the activity"), choices=STATES)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        required=False,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Empty: derived from the state (done 100 %, partly done 50 %, otherwise 0)."),
    )
    commentary = forms.CharField(label=_("Commentary"), required=False, widget=TEXTAREA)
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One web address a line."),
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents of the library"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    meetings = forms.ModelMultipleChoiceField(
        label=_("Meetings"),
        queryset=Meeting.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, process, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["progress"].widget.attrs.update(inputmode="numeric", size=4)
        self.fields["documents"].queryset = Document.objects.filter(process=process).order_by(
            "-issued_on", "title"
        )
        self.fields["meetings"].queryset = Meeting.objects.filter(
            process=process, starts_at__year__in=[year - 1, year, year + 1]
        ).order_by("starts_at")
        for source, label in FundingSource.choices:
            self.fields[f"cost_{source}"] = amount_field(label)

    @property
    def cost_fields(self):
        return [self[f"cost_{source}"] for source, _label in FundingSource.choices]

    @property
    def other_fields(self):
        return [f for f in self.visible_fields() if not f.name.startswith("cost_")]

    def costs(self) -> list[dict]:
        return [
            {"source": source, "amount": self.cleaned_data[f"cost_{source}"]}
            for source, _label in FundingSource.choices
            if self.cleaned_data.get(f"cost_{source}")
        ]


class MeasureCostsForm(VersionedForm):
    """The real costs of a measure itself (not split into its activities) in the year, by
    funding source. Versioned by those costs: a form saved by somebody else meanwhile
    shows both versions and loses nothing (:class:`~socplan.core.forms.VersionedForm`)."""

    def __init__(self, *args, period, measure, **kwargs):
        self.period = period
        super().__init__(*args, versioned=measure, versioned_values=self.saved_values, **kwargs)
        for source, label in FundingSource.choices:
            self.fields[f"cost_{source}"] = amount_field(label)
        for name, amount in self.saved_values(measure).items():
            self.initial.setdefault(name, amount)

    def saved_values(self, measure) -> dict:
        """The costs of the measure itself saved for the period, by field name."""
        from .models import ActualCost

        values: dict = {f"cost_{source}": None for source in FundingSource.values}
        for source, amount in ActualCost.objects.filter(
            period=self.period, measure=measure, action_item__isnull=True
        ).values_list("source", "amount"):
            values[f"cost_{source}"] = (values[f"cost_{source}"] or Decimal(0)) + amount
        return values

    def version_of(self, obj) -> str:
        """The version is the costs alone (a change of the measure's own text elsewhere is
        no conflict here)."""
        import hashlib

        saved = sorted((k, str(v)) for k, v in self.saved_values(obj).items() if v is not None)
        return "sha256:" + hashlib.sha256(repr(saved).encode()).hexdigest()

    @property
    def cost_fields(self):
        return [self[f"cost_{source}"] for source, _label in FundingSource.choices]

    def costs(self) -> list[dict]:
        return [
            {"source": source, "amount": self.cleaned_data[f"cost_{source}"]}
            for source, _label in FundingSource.choices
            if self.cleaned_data.get(f"cost_{source}")
        ]


class IndicatorValuesForm(forms.Form):
    """The actual value (and a note) of each indicator of the plan."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            indicator = row.indicator
            value = amount_field(
                _("Actual value: %(name)s") % {"name": indicator.name}, allow_negative=True
            )
            note = forms.CharField(
                label=_("Note: %(name)s") % {"name": indicator.name}, required=False
            )
            if row.from_register:
                value.disabled = True
                value.help_text = _("Taken from the register of social services.")
            self.fields[f"value_{indicator.pk}"] = value
            self.fields[f"note_{indicator.pk}"] = note
            if row.value is not None:
                self.initial[f"value_{indicator.pk}"] = row.value.value
                self.initial[f"note_{indicator.pk}"] = row.value.note

    def pairs(self):
        return [
            (row, self[f"value_{row.indicator.pk}"], self[f"note_{row.indicator.pk}"])
            for row in self.rows
        ]


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should be completed or changed"), widget=TEXTAREA, required=True
    )


class CouncilNoteForm(CouncilDecisionForm):
    """The council's decision on the monitoring report (the shared shape of a decision)."""

    body_name = forms.CharField(
        label=_("Council"),
        required=False,
        max_length=255,
        help_text=_("For example “Rada města Humpolec”."),
    )

    field_order = ["body_name", "decision", "resolution_number", "decided_on", "file", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the report is approved already: the council usually takes note of it
        self.fields["decision"].initial = MonitoringDecision.Decision.TOOK_NOTE


class LightForm(forms.Form):
    target = forms.CharField(widget=forms.HiddenInput, required=False)
    light = forms.ChoiceField(
        label=_("Traffic light"),
        choices=[("", _("as computed from progress")), *Light.choices],
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Columns: kód, stav, pokrok, komentář, one column per funding source (obce, kraj, "
            "…); for indicators kód of the measure, indikátor and hodnota."
        ),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        if file.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return file


class SetupForm(forms.Form):
    """Weights of priorities, measures and activities and the kind of each indicator."""

    def __init__(self, *args, tree, indicators, weights, setups, **kwargs):
        super().__init__(*args, **kwargs)
        self.tree = tree
        self.indicator_list = indicators
        kinds = CodelistItem.objects.kinds().order_by("order", "name")
        capacity_types = CodelistItem.objects.capacity_types().order_by("order", "name")
        for priority in tree:
            self._weight("p", priority, weights)
            for measure in priority.measures.all():
                self._weight("m", measure, weights)
                for activity in measure.activities.all():
                    self._weight("a", activity, weights)
        for indicator in indicators:
            setup = setups.get(indicator.pk)
            self.fields[f"agg_{indicator.pk}"] = forms.ChoiceField(
                label=_("Kind: %(name)s") % {"name": indicator.name},
                choices=IndicatorSetup.Aggregation.choices,
                initial=setup.aggregation if setup else IndicatorSetup.Aggregation.LEVEL,
            )
            self.fields[f"kind_{indicator.pk}"] = forms.ModelChoiceField(
                label=_("Kind of service in the register: %(name)s") % {"name": indicator.name},
                queryset=kinds,
                required=False,
                initial=setup.register_kind_id if setup else None,
            )
            self.fields[f"cap_{indicator.pk}"] = forms.ModelChoiceField(
                label=_("Unit of capacity: %(name)s") % {"name": indicator.name},
                queryset=capacity_types,
                required=False,
                initial=setup.register_capacity_type_id if setup else None,
            )

    def _weight(self, prefix, obj, weights):
        key = {"p": "priority", "m": "measure", "a": "activity"}[prefix]
        field = forms.DecimalField(
            label=_("Weight of %(code)s") % {"code": f"{obj.code} {obj.title}"},
            required=False,
            min_value=0,
            max_digits=6,
            decimal_places=2,
            localize=True,
            initial=weights.get((key, obj.pk), 1),
        )
        field.widget.attrs.update(inputmode="decimal", size=5)
        self.fields[f"w_{prefix}_{obj.pk}"] = field

    def weight_rows(self):
        for priority in self.tree:
            yield 0, priority, self[f"w_p_{priority.pk}"]
            for measure in priority.measures.all():
                yield 1, measure, self[f"w_m_{measure.pk}"]
                for activity in measure.activities.all():
                    yield 2, activity, self[f"w_a_{activity.pk}"]

    def indicator_rows(self):
        for indicator in self.indicator_list:
            yield (
                indicator,
                self[f"agg_{indicator.pk}"],
                self[f"kind_{indicator.pk}"],
                self[f"cap_{indicator.pk}"],
            )


class EvaluationForm(forms.Form):
    lessons = forms.CharField(label=_("Lessons learned"), required=False, widget=TEXTAREA)
    recommendations = forms.CharField(
        label=_("Recommendations for the next plan"), required=False, widget=TEXTAREA
    )
    status = forms.ChoiceField(label=_("Status"), choices=Evaluation.Status.choices)


class NextPlanForm(forms.Form):
    title = forms.CharField(label=_("Title of the next plan"), max_length=255)
    year_start = forms.IntegerField(label=_("From (year)"), min_value=2000, max_value=2100)
    year_end = forms.IntegerField(label=_("To (year)"), min_value=2000, max_value=2100)

    def clean(self):
        data = super().clean()
        start, end = data.get("year_start"), data.get("year_end")
        if start and end and end < start:
            self.add_error("year_end", _("The plan cannot end before it starts."))
        return data
