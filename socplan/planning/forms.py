import hashlib
from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socplan.analysis.models import Finding
from socplan.catalogue.models import CodelistItem, Provider, Service
from socplan.core.collation import czech
from socplan.core.forms import VersionedForm
from socplan.organisation.models import Group

from .models import ActionItem, Activity, FundingSource, Measure, Plan, Priority

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def _amount_field(label):
    field = forms.DecimalField(
        label=label,
        required=False,
        max_digits=14,
        decimal_places=2,
        localize=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    field.widget.attrs.update(inputmode="decimal", autocomplete="off", size=10)
    return field


class AutosaveMixin:
    """Text fields post the whole form as a draft a second after the user stops typing
    (htmx); without JavaScript nothing happens until the form is submitted."""

    def enable_autosave(self, url: str) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Textarea | forms.TextInput | forms.NumberInput):
                widget.attrs.update(
                    {"hx-post": url, "hx-trigger": "keyup changed delay:1s, change"}
                )


class CostGridMixin:
    """Amounts for each year × funding source as fields ``cost_<year>_<source>``."""

    cost_sources = FundingSource.choices

    @staticmethod
    def cost_grid_values(costs) -> dict[str, Decimal]:
        """The amounts of ``costs`` (cost estimates) by grid field name."""
        values: dict[str, Decimal] = {}
        for cost in costs:
            key = f"cost_{cost.year}_{cost.source}"
            values[key] = values.get(key, Decimal("0")) + cost.amount
        return values

    def costs_of(self, obj):
        """The cost estimates the grid edits for ``obj`` (a versioned form: the current
        ones, to tell and show a conflict)."""
        return ()

    def extra_values(self, obj) -> dict:
        """The grid as it would show for ``obj`` (VersionedForm): the costs count in its
        version, and a conflict shows them beside what was typed."""
        values: dict = {
            f"cost_{year}_{source}": None
            for year in getattr(self, "cost_years", ())
            for source in FundingSource.values
        }
        return {**values, **self.cost_grid_values(self.costs_of(obj))}

    def add_cost_grid(self, years: list[int], costs=()) -> None:
        self.cost_years = years
        sources = dict(FundingSource.choices)
        initial = self.cost_grid_values(costs)
        for year in years:
            for source, _label in FundingSource.choices:
                name = f"cost_{year}_{source}"
                self.fields[name] = _amount_field(f"{sources[source]} {year}")
                if name in initial and name not in self.initial:
                    self.initial[name] = initial[name]

    def cost_rows(self):
        """For the template: (year, [bound fields by source])."""
        return [
            (year, [self[f"cost_{year}_{source}"] for source in FundingSource.values])
            for year in self.cost_years
        ]

    def costs(self) -> list[dict]:
        result = []
        for year in self.cost_years:
            for source in FundingSource.values:
                amount = self.cleaned_data.get(f"cost_{year}_{source}")
                if amount:
                    result.append({"year": year, "source": source, "amount": amount})
        return result


class PlanForm(AutosaveMixin, VersionedForm, forms.ModelForm):
    """The title, years and chapters of a plan; a stale form shows both versions."""

    class Meta:
        model = Plan
        fields = ["title", "year_start", "year_end", *Plan.CHAPTERS]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in Plan.CHAPTERS}
        help_texts = {
            "legal_basis": _("Act 108/2006 Sb. on social services, §3 h and others."),
            "change_procedure": _("Who may propose a change of the plan and how it is approved."),
        }


class PlanStatusForm(forms.Form):
    # Approval is recorded with the councils' decisions (the consultation's approval page).
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[c for c in Plan.Status.choices if c[0] != Plan.Status.APPROVED],
    )


class AmendmentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason of the amendment"), widget=forms.Textarea(attrs={"rows": 4})
    )


class VersionSaveForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        help_text=_("What this version is, e.g. “draft for the steering group”."),
    )


class ActionPlanForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    title = forms.CharField(
        label=_("Title"), max_length=255, required=False, help_text=_("Left empty: made up.")
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        taken = set(plan.action_plans.values_list("year", flat=True))
        # A year is a name, not an amount: "2026", never "2 026".
        self.fields["year"].choices = [(y, str(y)) for y in plan.years if y not in taken]


class PriorityForm(AutosaveMixin, VersionedForm, forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["title", "description", "target_group", "sub_area"]
        widgets = {"description": TEXTAREA}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_group"].queryset = CodelistItem.objects.target_groups()
        self.fields["sub_area"].queryset = plan.process.planning_area.sub_areas.all()


class MeasureForm(AutosaveMixin, CostGridMixin, VersionedForm, forms.ModelForm):
    """A measure with its own costs (a grid of years × sources). Working-group members do
    not see the priority and the working group (only coordinators assign those)."""

    priority = forms.ModelChoiceField(label=_("Priority"), queryset=Priority.objects.none())

    class Meta:
        model = Measure
        fields = [
            "priority",
            "title",
            "kind",
            "description",
            "justification",
            "target_groups",
            "municipalities",
            "services",
            "findings",
            "working_group",
            "responsible_municipality",
            "responsible_provider",
            "responsible_other",
            "partners",
            "start_year",
            "end_year",
        ]
        widgets = {
            "description": TEXTAREA,
            "justification": TEXTAREA,
            "partners": forms.Textarea(attrs={"rows": 3}),
            "target_groups": forms.CheckboxSelectMultiple,
            "municipalities": forms.CheckboxSelectMultiple,
            "services": forms.CheckboxSelectMultiple,
            "findings": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan: Plan, coordinator: bool, costs=(), **kwargs):
        super().__init__(*args, **kwargs)
        from socplan.catalogue.selectors import services_for_area

        area = plan.process.planning_area
        self.fields["priority"].queryset = plan.priorities.all()
        self.fields["target_groups"].queryset = CodelistItem.objects.target_groups()
        self.fields["municipalities"].queryset = area.municipalities.order_by(czech("name"))
        self.fields["municipalities"].help_text = _(
            "None ticked: the measure concerns the whole area."
        )
        chosen = (
            list(self.instance.services.values_list("pk", flat=True)) if self.instance.pk else []
        )
        self.fields["services"].queryset = (
            Service.objects.filter(
                Q(pk__in=services_for_area(area).values("pk")) | Q(pk__in=chosen)
            )
            .select_related("provider")
            .order_by(czech("name"))
        )
        self.fields["working_group"].queryset = Group.objects.filter(process=plan.process)
        self.fields["findings"].queryset = Finding.objects.filter(process=plan.process)
        self.fields["findings"].label_from_instance = str
        self.fields["findings"].help_text = _(
            "The findings of the analysis (the evidence) this measure answers."
        )
        self.fields["responsible_municipality"].queryset = area.municipalities.order_by(
            czech("name")
        )
        self.fields["responsible_provider"].queryset = Provider.objects.filter(
            pk__in=Provider.objects.filter(services__in=services_for_area(area)).values("pk")
        ).order_by(czech("name"))
        if not coordinator:
            del self.fields["priority"]
            del self.fields["working_group"]
        self.add_cost_grid(plan.years, costs)

    def costs_of(self, obj):
        return obj.costs.filter(activity__isnull=True, action_item__isnull=True)

    def extra_conflict_rows(self, fresh) -> list[dict]:
        """The indicators (a formset beside the form, ``companions``) in a conflict."""
        formsets = [c for c in getattr(self, "companions", []) if hasattr(c, "forms")]
        if not formsets:
            return []
        indicators = formsets[0]
        indicators.is_valid()
        mine = [row.indicator() for row in indicators if getattr(row, "cleaned_data", None)]
        theirs = [
            {
                "name": i.name,
                "unit": i.unit,
                "baseline": i.baseline,
                "source": i.source,
                "targets": i.targets,
            }
            for i in fresh.indicators.all()
        ]
        saved = "\n".join(indicator_line(x) for x in theirs)
        typed = "\n".join(indicator_line(x) for x in mine if x)
        if saved == typed:
            return []
        return [{"label": _("Indicators"), "theirs": saved, "mine": typed}]

    def measure_fields(self) -> dict:
        data = {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name in self.fields and name != "priority"
        }
        return data


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=255)
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    baseline = _amount_field(_("Baseline"))
    source = forms.CharField(label=_("Source of data"), max_length=255, required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(years)
        for year in self.years:
            self.fields[f"target_{year}"] = _amount_field(_("Target %(year)s") % {"year": year})

    def indicator(self) -> dict | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or not data.get("name"):
            return None
        return {
            "name": data["name"],
            "unit": data.get("unit", ""),
            "baseline": data.get("baseline"),
            "source": data.get("source", ""),
            "targets": {
                str(y): format(data[f"target_{y}"].normalize(), "f")
                for y in self.years
                if data.get(f"target_{y}") is not None
            },
        }


IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=1, can_delete=True, max_num=20)


def _number(value) -> str:
    if value in (None, ""):
        return ""
    return format(Decimal(str(value)).normalize(), "f")


def indicator_line(indicator: dict) -> str:
    """One indicator on one line, as a conflict shows it: "name (unit): baseline → year:
    target, ...; source"."""
    text = indicator.get("name") or ""
    if indicator.get("unit"):
        text += f" ({indicator['unit']})"
    targets = ", ".join(
        f"{year}: {_number(value)}"
        for year, value in sorted((indicator.get("targets") or {}).items())
    )
    values = " → ".join(x for x in (_number(indicator.get("baseline")), targets) if x)
    if values:
        text += f": {values}"
    if indicator.get("source"):
        text += f"; {indicator['source']}"
    return text


def indicator_initial(measure: Measure | None) -> list[dict]:
    if measure is None or measure.pk is None:
        return []
    rows = []
    for indicator in measure.indicators.all():
        row = {
            "name": indicator.name,
            "unit": indicator.unit,
            "baseline": indicator.baseline,
            "source": indicator.source,
        }
        for year, value in indicator.targets.items():
            row[f"target_{year}"] = Decimal(value)
        rows.append(row)
    return rows


class ActivityForm(AutosaveMixin, CostGridMixin, VersionedForm, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "expected_outputs",
            "responsible_municipality",
            "responsible_provider",
            "responsible_other",
            "partners",
            "start_year",
            "end_year",
        ]
        widgets = {
            "description": TEXTAREA,
            "expected_outputs": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, plan: Plan, costs=(), **kwargs):
        super().__init__(*args, **kwargs)
        from socplan.catalogue.selectors import services_for_area

        area = plan.process.planning_area
        self.fields["responsible_municipality"].queryset = area.municipalities.order_by(
            czech("name")
        )
        self.fields["responsible_provider"].queryset = Provider.objects.filter(
            pk__in=Provider.objects.filter(services__in=services_for_area(area)).values("pk")
        ).order_by(czech("name"))
        self.add_cost_grid(plan.years, costs)

    def costs_of(self, obj):
        return obj.costs.filter(action_item__isnull=True)

    def activity_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ActionItemForm(AutosaveMixin, CostGridMixin, VersionedForm, forms.ModelForm):
    """An activity of an action plan: its outputs, status and budget for the year; a stale
    form (saved by somebody else meanwhile) shows both versions (VersionedForm)."""

    class Meta:
        model = ActionItem
        fields = ["expected_outputs", "status"]
        widgets = {"expected_outputs": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, plan: Plan, costs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_cost_grid([plan.year], costs)

    def costs_of(self, obj):
        return obj.costs.all()


class ActionMeasureCostsForm(CostGridMixin, VersionedForm):
    """The own costs of a measure (not split into activities) in an action plan; given the
    ``measure``, a stale form (its costs saved by somebody else meanwhile) shows both."""

    def __init__(self, *args, plan: Plan, measure: Measure | None = None, costs=(), **kwargs):
        self.plan = plan  # (before VersionedForm takes the version: costs_of needs it)
        kwargs.setdefault("versioned_values", lambda obj: {})
        super().__init__(*args, versioned=measure, **kwargs)
        self.add_cost_grid([plan.year], costs)

    def costs_of(self, obj):
        return obj.costs.filter(plan=self.plan, activity__isnull=True, action_item__isnull=True)

    def version_of(self, obj) -> str:
        """The costs alone (the measure's ``updated_at`` does not change with them)."""
        extra = {k: v for k, v in self.extra_values(obj).items() if v is not None}
        return "sha256:" + hashlib.sha256(repr(sorted(extra.items())).encode()).hexdigest()


def initial_from_draft(form_class_fields, data: dict) -> dict:
    """Initial values of a form from a saved draft (lists of strings per field name)."""
    initial = {}
    for name, values in data.items():
        if name in ("csrfmiddlewaretoken",):
            continue
        if name in form_class_fields and getattr(
            form_class_fields[name].widget, "allow_multiple_selected", False
        ):
            initial[name] = values
        else:
            initial[name] = values[-1] if values else ""
    return initial
