from django import forms
from django.db import models
from django.forms import inlineformset_factory
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from socplan.core.collation import czech
from socplan.territory.models import PlanningArea
from socplan.territory.rules import usable_areas

from .models import Partner, Phase, PlanningProcess
from .services import IMAGE_FIELDS, PROCESS_FIELDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _formfield(field, **kwargs):
    # Web addresses typed without a scheme are https:// ones.
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    # Amounts as people write them: "2 450 000" or "2 450 000,50" in Czech.
    if isinstance(field, models.DecimalField):
        kwargs["localize"] = True
        formfield = field.formfield(**kwargs)
        formfield.widget.attrs.update(inputmode="decimal", autocomplete="off")
        return formfield
    return field.formfield(**kwargs)


class ProcessForm(forms.ModelForm):
    """The process's own fields; partners come in :data:`PartnerFormSet`, phases on their
    own page."""

    make_coordinator = forms.BooleanField(
        label=_("Make me the coordinator of this process"),
        required=False,
        help_text=_("Site staff create processes for others; tick this to coordinate it too."),
    )

    class Meta:
        model = PlanningProcess
        formfield_callback = _formfield
        fields = list(PROCESS_FIELDS)  # the fields the services accept, in form order
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 5}),
            "publicity_notice": forms.Textarea(attrs={"rows": 3}),
            "realization_start": DATE_WIDGET,
            "realization_end": DATE_WIDGET,
            "registration_number": forms.TextInput(
                attrs={"placeholder": "CZ.03.2.63/0.0/0.0/16_063/0006578", "spellcheck": "false"}
            ),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "brand_logo": forms.ClearableFileInput(
                attrs={"accept": "image/png,image/jpeg,image/webp"}
            ),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }
        help_texts = {
            "registration_number": _(
                "The EU project registration number, if the process is EU-funded."
            ),
            "logo_alt": _(
                "What the logo shows, for people who cannot see it, e.g. "
                "“Funded by the European Union, Operational Programme Employment”."
            ),
        }

    # Groups of fields shown as fieldsets (legend, field names).
    fieldsets = [
        (
            _("The process"),
            ["planning_area", "name", "purpose", "period_start", "period_end", "is_published"],
        ),
        (_("Realizer"), ["realizer", "realizer_url"]),
        (
            _("Funding"),
            [
                "funding_programme",
                "registration_number",
                "grant_amount",
                "realization_start",
                "realization_end",
            ],
        ),
        (_("Appearance"), ["brand_logo", "brand_logo_alt", "accent_colour"]),
        (_("Publicity"), ["publicity_notice", "logo", "logo_alt"]),
        (_("Contact person"), ["contact_name", "contact_email", "contact_phone"]),
    ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only areas the person may use: their own and public ORP areas (site staff: all).
        areas = PlanningArea.objects.all() if user is None else usable_areas(user)
        if self.instance.planning_area_id:
            areas = areas | PlanningArea.objects.filter(pk=self.instance.planning_area_id)
        self.fields["planning_area"].queryset = areas.order_by(czech("name"))
        for name in ("period_start", "period_end"):
            self.fields[name].widget.attrs.update(min=2000, max=2100)
        self.fields["is_published"].help_text = _(
            "Published processes are shown to everybody; unpublished ones only to people "
            "with a role in them."
        )
        # Only site staff choose whether to become coordinator; others always become it,
        # and on editing there is nothing to choose.
        if self.instance.pk or user is None or not user.is_staff:
            del self.fields["make_coordinator"]

    def clean(self):
        cleaned = super().clean()
        for image, alt in (("brand_logo", "brand_logo_alt"), ("logo", "logo_alt")):
            if cleaned.get(image) and not cleaned.get(alt) and image in self.changed_data:
                self.add_error(alt, _("Describe the logo for people who cannot see it."))
        return cleaned

    @property
    def dropped_logo_name(self) -> str:
        """Name of a logo file sent with a form that comes back (errors, one more partner
        row): browsers never fill a file input again, so the person must choose it again."""
        if not self.is_bound:
            return ""
        names = [self.files[name].name for name in IMAGE_FIELDS if self.files.get(name)]
        return ", ".join(names)

    @property
    def dropped_file_fields(self) -> list[str]:
        """The last image field of the form when any file came back (the warning goes
        once, after it)."""
        return [IMAGE_FIELDS[-1]] if self.dropped_logo_name else []

    def get_fieldsets(self):
        for legend, names in self.fieldsets:
            yield legend, [self[name] for name in names if name in self.fields]

    def process_fields(self) -> dict:
        """Cleaned values to hand to the services."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        for name in IMAGE_FIELDS:
            if name not in self.changed_data:
                data.pop(name)
        return data


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        formfield_callback = _formfield
        fields = ["name", "url", "order"]
        widgets = {"order": forms.NumberInput(attrs={"min": 0, "class": "input--short"})}


PartnerFormSet = inlineformset_factory(
    PlanningProcess,
    Partner,
    form=PartnerForm,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
)


def partners_from_formset(formset) -> list[dict]:
    """The partner rows of a valid formset, as the services take them."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        pk = form.instance.pk
        if formset.can_delete and formset._should_delete_form(form):
            if pk is not None:
                rows.append({"id": pk, "delete": True})
            continue
        rows.append(
            {
                "id": pk,
                "name": form.cleaned_data["name"],
                "url": form.cleaned_data.get("url") or "",
                "order": form.cleaned_data.get("order") or 0,
            }
        )
    return rows


class PhaseForm(forms.Form):
    kind = forms.ChoiceField(choices=Phase.Kind.choices, widget=forms.HiddenInput)
    start = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @property
    def kind_label(self):
        kind = self.initial.get("kind") or (
            self.data.get(self.add_prefix("kind")) if self.is_bound else None
        )
        try:
            return Phase.Kind(kind).label
        except ValueError:
            return ""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if not start and (end or cleaned.get("note")):
            self.add_error(
                "start", _("Enter the start of the phase, or leave the whole row empty.")
            )
        if start and end and end < start:
            self.add_error("end", _("A phase cannot end before it starts."))
        return cleaned


class BasePhaseFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        kinds = [form.cleaned_data.get("kind") for form in self.forms]
        if sorted(kinds, key=Phase.Kind.values.index) != kinds or len(set(kinds)) != len(kinds):
            raise forms.ValidationError(_("The phases were sent in a wrong order."))
        previous = None
        for form in self.forms:
            start = form.cleaned_data.get("start")
            if not start:
                continue
            if previous is not None and start < previous[1]:
                form.add_error(
                    "start",
                    _("This phase cannot start before %(previous)s starts (%(date)s).")
                    % {
                        "previous": previous[0],
                        "date": date_format(previous[1], "SHORT_DATE_FORMAT"),
                    },
                )
            previous = (form.kind_label, start)
        if any(self.errors):
            raise forms.ValidationError(_("The phases must follow each other in time."))

    def phases(self) -> dict:
        return {
            form.cleaned_data["kind"]: (
                {
                    "start": form.cleaned_data["start"],
                    "end": form.cleaned_data.get("end"),
                    "note": form.cleaned_data.get("note") or "",
                }
                if form.cleaned_data.get("start")
                else None
            )
            for form in self.forms
        }


PhaseFormSet = forms.formset_factory(
    PhaseForm,
    formset=BasePhaseFormSet,
    extra=0,
    min_num=len(Phase.Kind.values),
    max_num=len(Phase.Kind.values),
    validate_min=True,
    validate_max=True,
)


def phase_initial(process) -> list[dict]:
    existing = {p.kind: p for p in process.phases.all()}
    initial = []
    for kind in Phase.Kind.values:
        phase = existing.get(kind)
        initial.append(
            {
                "kind": kind,
                "start": phase.start if phase else None,
                "end": phase.end if phase else None,
                "note": phase.note if phase else "",
            }
        )
    return initial


class ProcessAreaForm(forms.Form):
    """A new planning area for a process, of municipalities of the process's region: whole
    ORPs ticked at once, or single municipalities (grouped by ORP, in Czech order)."""

    name = forms.CharField(label=_("Name of the area"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of area"), choices=PlanningArea.Kind.choices, initial=PlanningArea.Kind.MAS
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    orps = forms.TypedMultipleChoiceField(
        label=_("Whole ORPs"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every municipality of a ticked ORP belongs to the area."),
    )
    municipalities = forms.TypedMultipleChoiceField(
        label=_("Single municipalities"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, regions: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        from socplan.core.collation import czech_sort_key
        from socplan.territory.models import Municipality, Orp

        orps = sorted(
            Orp.objects.filter(region_id__in=regions), key=lambda o: czech_sort_key(o.name)
        )
        self.fields["orps"].choices = [(o.pk, o.name) for o in orps]
        by_orp: dict[int | None, list] = {}
        for m in Municipality.objects.filter(district__region_id__in=regions).only(
            "pk", "name", "orp_id"
        ):
            by_orp.setdefault(m.orp_id, []).append(m)
        groups = []
        for orp in orps:
            members = sorted(by_orp.pop(orp.pk, []), key=lambda m: czech_sort_key(m.name))
            groups.append((orp.name, [(m.pk, m.name) for m in members]))
        rest = sorted(
            (m for ms in by_orp.values() for m in ms), key=lambda m: czech_sort_key(m.name)
        )
        if rest:
            groups.append((_("Other municipalities"), [(m.pk, m.name) for m in rest]))
        self.fields["municipalities"].choices = groups

    def clean(self):
        cleaned = super().clean()
        from socplan.territory.models import Municipality

        ids = set(cleaned.get("municipalities") or [])
        orps = cleaned.get("orps") or []
        if orps:
            ids |= set(Municipality.objects.filter(orp_id__in=orps).values_list("pk", flat=True))
        if not ids and not self.errors:
            self.add_error("municipalities", _("Choose at least one municipality."))
        cleaned["municipality_ids"] = sorted(ids)
        return cleaned

    def municipality_groups(self):
        """(ORP name, its municipalities' checkboxes, whether any is ticked) in order."""
        widgets = iter(self["municipalities"])
        for label, options in self.fields["municipalities"].choices:
            group = [next(widgets) for _option in options]
            yield label, group, any(w.data["selected"] for w in group)
