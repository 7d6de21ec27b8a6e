from django import forms
from django.utils.translation import gettext_lazy as _

from socplan.catalogue.models import CodelistItem
from socplan.core.collation import czech
from socplan.library.models import Document
from socplan.organisation.models import PlanningProcess, Resolution

from . import evidence
from .models import Finding, Quadrant, SwotItem

SCORE_CHOICES = [
    ("", _("not rated")),
    ("5", _("5 – most important")),
    ("4", "4"),
    ("3", "3"),
    ("2", "2"),
    ("1", _("1 – least important")),
]


class SwotItemForm(forms.Form):
    quadrant = forms.ChoiceField(label=_("Part of the SWOT"), choices=Quadrant.choices)
    text = forms.CharField(
        label=_("Item"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One strength, weakness, opportunity or threat in a sentence."),
    )


class SwotMergeForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        label=_("Duplicates to merge into this item"),
        queryset=SwotItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(
        label=_("Wording of the merged item"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave as it is, or word the item so that it covers the duplicates."),
    )

    def __init__(self, *args, target: SwotItem, **kwargs):
        kwargs.setdefault("initial", {"text": target.text})
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = (
            SwotItem.objects.filter(swot=target.swot, merged_into=None)
            .exclude(pk=target.pk)
            .order_by("quadrant", "id")
        )
        self.fields["items"].label_from_instance = lambda item: (
            f"{item.get_quadrant_display()}: {item.text}"
        )


class SwotApprovalForm(forms.Form):
    note = forms.CharField(
        label=_("Note (for example the meeting that approved it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SwotTakeOverForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        label=_("Items to take into the SWOT of the whole process"),
        queryset=SwotItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, process: PlanningProcess, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = (
            SwotItem.objects.filter(swot__process=process, merged_into=None)
            .exclude(swot__group=None)
            .select_related("swot__group")
            .order_by("swot__group__order", "quadrant", "id")
        )
        self.fields["items"].label_from_instance = lambda item: (
            f"{item.swot.group.name} – {item.get_quadrant_display()}: {item.text}"
        )


class FindingForm(forms.ModelForm):
    indicator_key = forms.ChoiceField(label=_("Indicator"), required=False, choices=())

    class Meta:
        model = Finding
        fields = [
            "statement",
            "detail",
            "source_kind",
            "indicator_key",
            "indicator_area",
            "indicator_value",
            "indicator_date",
            "swot_item",
            "resolution",
            "document",
            "source_ref",
            "source_note",
            "target_groups",
            "municipalities",
        ]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "detail": forms.Textarea(attrs={"rows": 4}),
            "indicator_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "target_groups": forms.CheckboxSelectMultiple,
            "municipalities": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "indicator_value": _("Empty: the value the indicator has now is kept."),
        }

    def __init__(self, *args, process: PlanningProcess, **kwargs):
        super().__init__(*args, **kwargs)
        choices = evidence.indicator_choices(process.planning_area.slug)
        current = self.instance.indicator_key
        if current and current not in dict(choices):
            choices.append((current, evidence.indicator_label(current)))
        self.fields["indicator_key"].choices = [("", "—"), *choices]
        if not self.instance.pk and not self.initial.get("indicator_area"):
            self.initial["indicator_area"] = process.planning_area.slug
        self.fields["swot_item"].queryset = (
            SwotItem.objects.filter(swot__process=process, merged_into=None)
            .select_related("swot__group")
            .order_by("swot__group__order", "quadrant", "id")
        )
        self.fields["swot_item"].label_from_instance = lambda item: (
            f"{item.swot} – {item.get_quadrant_display()}: {item.text}"
        )
        self.fields["resolution"].queryset = (
            Resolution.objects.filter(meeting__process=process)
            .select_related("meeting")
            .order_by("-meeting__starts_at", "order")
        )
        self.fields["resolution"].label_from_instance = lambda r: f"{r.meeting}: {r}"
        self.fields["document"].queryset = Document.objects.filter(process=process).order_by(
            czech("title")
        )
        self.fields["target_groups"].queryset = CodelistItem.objects.target_groups()
        self.fields["municipalities"].queryset = process.planning_area.municipalities.order_by(
            czech("name")
        )
        self.fields["municipalities"].help_text = _("None ticked: the whole area.")

    def finding_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
