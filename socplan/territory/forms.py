from django import forms
from django.utils.translation import gettext_lazy as _

from socplan.core.collation import czech

from .models import District, Municipality, Orp, PlanningArea
from .selectors import orps_by_region


def orp_choices(*, empty_label: str) -> list:
    """ORP choices grouped by region (optgroups)."""
    choices: list = [("", empty_label)]
    for region, orps in orps_by_region():
        group = str(region) if region else str(_("Without region"))
        choices.append((group, [(str(orp.pk), orp.name) for orp in orps]))
    return choices


def district_choices(*, empty_label: str) -> list:
    choices: list = [("", empty_label)]
    groups: dict = {}
    for district in District.objects.select_related("region").order_by(
        czech("region__name"), czech("name")
    ):
        group = str(district.region) if district.region else str(_("Without region"))
        groups.setdefault(group, []).append((str(district.pk), district.name))
    choices.extend(groups.items())
    return choices


class OrpAreaForm(forms.Form):
    """A planning area of all municipalities of one ORP."""

    orp = forms.TypedChoiceField(label=_("ORP"), coerce=int)
    name = forms.CharField(
        label=_("Name of the area"),
        max_length=200,
        required=False,
        help_text=_('Leave empty for "ORP" and the name of the ORP.'),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orp"].choices = orp_choices(empty_label=_("Choose an ORP"))

    def clean_orp(self):
        try:
            return Orp.objects.get(pk=self.cleaned_data["orp"])
        except Orp.DoesNotExist:
            raise forms.ValidationError(_("Choose an ORP from the list.")) from None


class AreaForm(forms.Form):
    """Name, kind and description of an area; the municipalities come from the picker."""

    name = forms.CharField(label=_("Name of the area"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of area"), choices=PlanningArea.Kind.choices, initial=PlanningArea.Kind.MAS
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.all(),
        required=True,
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": _("Choose at least one municipality."),
            "invalid_choice": _("Some of the chosen municipalities do not exist."),
            "invalid_pk_value": _("Some of the chosen municipalities do not exist."),
        },
    )


class PickerSearchForm(forms.Form):
    """The search part of the municipality picker (never invalid: bad values are ignored)."""

    q = forms.CharField(
        label=_("Find a municipality"),
        required=False,
        max_length=100,
        help_text=_('Part of the name; diacritics are optional ("kejzlice" finds Kejžlice).'),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    orp = forms.TypedChoiceField(label=_("ORP"), coerce=int, required=False, empty_value=None)
    district = forms.TypedChoiceField(
        label=_("District"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orp"].choices = orp_choices(empty_label=_("Any ORP"))
        self.fields["district"].choices = district_choices(empty_label=_("Any district"))

    def criteria(self) -> dict:
        if not self.is_valid():
            data = {}
            for name in ("q", "orp", "district"):
                if name not in self.errors:
                    data[name] = self.cleaned_data.get(name)
        else:
            data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "orp_id": data.get("orp"),
            "district_id": data.get("district"),
        }


class SubAreaForm(forms.Form):
    name = forms.CharField(label=_("Name of the sub-area"), max_length=200)
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one municipality.")},
    )

    def __init__(self, *args, area: PlanningArea, **kwargs):
        super().__init__(*args, **kwargs)
        # Validation accepts any municipality (the service rejects those outside the area
        # with a clear message); the checkboxes offer the area's municipalities.
        field = self.fields["municipalities"]
        field.widget.choices = [
            (m.pk, m.name) for m in area.municipalities.order_by(czech("name"), "code")
        ]
