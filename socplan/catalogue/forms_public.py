"""Forms of the public catalogue: the search and filter form (GET), life situations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CodelistItem, LifeSituation, ServiceGroup, Source
from .selectors_public import (
    SORT_DISTANCE,
    SORT_NAME,
    SORT_RELEVANCE,
    Criteria,
    resolve_municipality,
)

SORT_CHOICES = [
    (SORT_RELEVANCE, _("relevance")),
    (SORT_NAME, _("name")),
    (SORT_DISTANCE, _("distance")),
]


def _ids(values) -> list[int]:
    out = []
    for value in values:
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            continue
    return list(dict.fromkeys(out))


class CatalogueSearchForm(forms.Form):
    """What a person looks for. Facet values arrive as repeated parameters
    (``?kind=3&kind=7``); unknown values are ignored, an unknown municipality is an error
    that keeps everything else."""

    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=200)
    municipality = forms.CharField(
        label=_("Municipality"),
        required=False,
        max_length=150,
        help_text=_("Services available in this municipality: a place there, or it serves it."),
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
    ended = forms.BooleanField(label=_("Include services that have ended"), required=False)

    def __init__(self, data=None, *, area=None, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)
        self.area = area
        self.raw = data if data is not None else {}
        self.municipality_matches = []
        self.municipality_obj = None

    def clean_municipality(self):
        text = self.cleaned_data["municipality"].strip()
        if not text:
            return ""
        matches = resolve_municipality(text, area=self.area)
        if len(matches) == 1:
            self.municipality_obj = matches[0]
        elif len(matches) > 1:
            self.municipality_matches = matches
            raise forms.ValidationError(
                _("Several municipalities are called %(name)s: choose one below."),
                params={"name": text},
            )
        elif self.area is not None:
            raise forms.ValidationError(
                _("No municipality of %(area)s is called %(name)s."),
                params={"area": self.area.name, "name": text},
            )
        else:
            raise forms.ValidationError(
                _("No municipality is called %(name)s."), params={"name": text}
            )
        return text

    def _list(self, name) -> list[str]:
        if hasattr(self.raw, "getlist"):
            return self.raw.getlist(name)
        value = self.raw.get(name)
        if value is None:
            return []
        return value if isinstance(value, list) else [value]

    def criteria(self) -> Criteria:
        """The choices as :class:`Criteria` (valid parts only)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        groups = {value for value, _label in ServiceGroup.choices}
        sources = {value for value, _label in Source.choices}
        return Criteria(
            query=(data.get("q") or "").strip(),
            kind=_ids(self._list("kind")),
            group=[g for g in dict.fromkeys(self._list("group")) if g in groups],
            form=_ids(self._list("form")),
            target_group=_ids(self._list("target_group")),
            age_group=_ids(self._list("age_group")),
            category=_ids(self._list("category")),
            source=[s for s in dict.fromkeys(self._list("source")) if s in sources],
            municipality=self.municipality_obj,
            area=self.area,
            include_ended=bool(data.get("ended")),
            sort=data.get("sort") or SORT_RELEVANCE,
        )


class LifeSituationForm(forms.ModelForm):
    class Meta:
        model = LifeSituation
        fields = ["title", "description", "kinds", "target_groups", "order"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "kinds": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "kinds": _("The catalogue opens with services of these kinds."),
            "target_groups": _("... and for these target groups (leave empty for any)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].queryset = CodelistItem.objects.kinds().filter(is_known=True)
        self.fields["kinds"].label_from_instance = lambda item: item.label
        self.fields["target_groups"].queryset = CodelistItem.objects.target_groups().filter(
            is_known=True
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("kinds") and not cleaned.get("target_groups"):
            raise forms.ValidationError(
                _("Choose at least one kind of service or one target group.")
            )
        return cleaned


class ShortlistEmailForm(forms.Form):
    """Send the shortlist to an e-mail address."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send the list there once and keep the address nowhere."),
    )
