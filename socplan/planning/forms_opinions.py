"""Forms of the opinions on need: the opinion itself (a versioned form: a stale form shows
both versions) and the withdrawal."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socplan.analysis.models import Finding
from socplan.catalogue.models import CodelistItem, Service
from socplan.core.collation import czech
from socplan.core.forms import VersionedForm
from socplan.organisation.models import PlanningProcess

from .models_opinions import NeedOpinion
from .selectors_opinions import matching_measure_ids, measures_for_opinions

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class NeedOpinionForm(VersionedForm, forms.ModelForm):
    """The opinion. The measures that concern the chosen service (or a service of the chosen
    kind) come first, marked as suggested; "Suggest measures" re-shows the form with the
    suggestions for what was typed, saving nothing (no JavaScript needed)."""

    class Meta:
        model = NeedOpinion
        fields = [
            "request_kind",
            "request_reference",
            "request_date",
            "year",
            "service",
            "kind",
            "form",
            "target_group",
            "provider_name",
            "provider_ico",
            "requested_capacity",
            "recommended_capacity",
            "capacity_unit",
            "verdict",
            "conditions",
            "reasons",
            "measures",
            "findings",
        ]
        widgets = {
            "conditions": TEXTAREA,
            "reasons": forms.Textarea(attrs={"rows": 6}),
            "measures": forms.CheckboxSelectMultiple,
            "findings": forms.CheckboxSelectMultiple,
            "verdict": forms.RadioSelect,
            "request_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, process: PlanningProcess, **kwargs):
        super().__init__(*args, **kwargs)
        from socplan.catalogue.selectors import services_for_area

        self.process = process
        chosen = [self.instance.service_id] if self.instance.service_id else []
        self.fields["service"].queryset = (
            Service.objects.filter(
                Q(pk__in=services_for_area(process.planning_area).values("pk")) | Q(pk__in=chosen)
            )
            .select_related("provider")
            .order_by(czech("name"))
        )
        self.fields["service"].label_from_instance = lambda s: f"{s.name} ({s.provider.name})"
        self.fields["kind"].queryset = CodelistItem.objects.kinds()
        self.fields["kind"].label_from_instance = lambda item: item.label
        self.fields["kind"].help_text = _(
            "For a planned service not in the catalogue; taken from the service when one is chosen."
        )
        self.fields["form"].queryset = CodelistItem.objects.forms()
        self.fields["target_group"].queryset = CodelistItem.objects.target_groups()
        self.fields["capacity_unit"].queryset = CodelistItem.objects.capacity_types()
        self.fields["provider_name"].help_text = _("When the provider is not in the catalogue yet.")
        self.fields["verdict"].choices = NeedOpinion.Verdict.choices  # radios: no empty one
        self.fields["verdict"].label = _("Is the service needed?")
        self.fields["reasons"].required = True
        self.fields["request_date"].input_formats = ["%Y-%m-%d", "%d.%m.%Y", "%d. %m. %Y"]
        self.fields["findings"].queryset = Finding.objects.filter(process=process)
        self.fields["findings"].label_from_instance = str
        self.fields["findings"].help_text = _("The findings of the analysis the opinion rests on.")
        self.suggested = self._suggested()
        measures = list(measures_for_opinions(process=process))
        measures.sort(key=lambda m: m.pk not in self.suggested)  # suggested first, stable
        self.fields["measures"].queryset = measures_for_opinions(process=process)
        self.fields["measures"].choices = [(m.pk, self._measure_label(m)) for m in measures]
        self.fields["measures"].help_text = (
            _("Suggested first: the measures that concern this service or its kind.")
            if self.suggested
            else _("The measures of the plan the opinion rests on.")
        )

    def _measure_label(self, measure) -> str:
        label = f"{measure.code} {measure.title} ({measure.priority.plan.years_label})"
        if measure.pk in self.suggested:
            return "{} – {}".format(label, _("suggested"))
        return label

    def _value(self, name):
        """The object chosen in field ``name``: as typed (bound) or as initially shown."""
        field = self.fields[name]
        raw = self[name].value()
        if raw in (None, ""):
            return None
        if hasattr(raw, "pk"):
            return raw
        try:
            return field.queryset.filter(pk=raw).first()
        except (TypeError, ValueError):
            return None

    def _suggested(self) -> set[int]:
        return matching_measure_ids(
            process=self.process,
            service=self._value("service"),
            kind=self._value("kind"),
            target_group=self._value("target_group"),
        )

    def opinion_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name] for name in self.Meta.fields if name not in ("measures", "findings")
        }


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason of the withdrawal"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The region sees it with the withdrawn opinion."),
    )


class RegionOpinionFilterForm(forms.Form):
    """The filters of the region's list (GET)."""

    process = forms.ModelChoiceField(
        label=_("Planning process"), queryset=PlanningProcess.objects.none(), required=False
    )
    orp = forms.ModelChoiceField(label=_("ORP"), queryset=None, required=False)
    kind = forms.ModelChoiceField(
        label=_("Kind of service"), queryset=CodelistItem.objects.none(), required=False
    )
    verdict = forms.ChoiceField(
        label=_("Opinion"),
        choices=[("", _("any"))] + list(NeedOpinion.Verdict.choices),
        required=False,
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    old = forms.BooleanField(label=_("Also withdrawn and replaced opinions"), required=False)
    sort = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = choices["processes"]
        self.fields["orp"].queryset = choices["orps"]
        self.fields["kind"].queryset = choices["kinds"]
        self.fields["kind"].label_from_instance = lambda item: item.label
        # a year is a name, not an amount: "2026", never "2 026"
        self.fields["year"].choices = [("", _("any"))] + [(y, str(y)) for y in choices["years"]]
