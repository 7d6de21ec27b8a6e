"""Forms of the planning structure: groups, people, memberships, meetings, attendance."""

from django import forms
from django.utils.translation import gettext_lazy as _

from socplan.core.collation import czech
from socplan.territory.models import Municipality, SubArea

from .forms import _formfield
from .models import Group, Meeting, MeetingInvitation, Membership, Person

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]


class GroupForm(forms.ModelForm):
    focus_target_groups = forms.CharField(
        label=_("Target groups it works for"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One target group a line, e.g. seniors, people with disabilities."),
    )

    class Meta:
        model = Group
        fields = ["name", "kind", "sub_area", "focus_target_groups", "description", "is_public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_order = fields

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_area"].queryset = SubArea.objects.filter(area=process.planning_area)
        if self.instance.pk and not self.is_bound:
            self.initial["focus_target_groups"] = "\n".join(self.instance.focus_target_groups)
        self.order_fields(self.Meta.fields)

    def clean_focus_target_groups(self):
        return [line.strip() for line in self.cleaned_data["focus_target_groups"].splitlines()]

    def _post_clean(self):
        # The service validates and saves; the form only cleans the input.
        pass

    def group_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PersonForm(forms.ModelForm):
    link_user = forms.BooleanField(
        label=_("Let the person sign in"),
        required=False,
        help_text=_(
            "Links the person to the user account with the same e-mail address, so that "
            "they see the internal pages of their groups."
        ),
    )

    class Meta:
        model = Person
        fields = [
            "name",
            "organisation_kind",
            "organisation_name",
            "provider_ico",
            "municipality",
            "email",
            "phone",
            "consent_publish",
        ]
        widgets = {
            "organisation_kind": forms.RadioSelect,
            "provider_ico": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 8}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }
        help_texts = {
            "organisation_name": _(
                "The name shown with the person. For a provider or a municipality it is "
                "filled in when left empty."
            ),
            "provider_ico": _("For a provider: its IČO from the registry of providers."),
            "municipality": _("For a municipality: which one."),
            "consent_publish": _(
                "GDPR: the person agreed that their name and organisation are published on "
                "the public pages. Without consent only a count of members is shown."
            ),
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            pk__in=process.planning_area.municipalities.values("pk")
        ).order_by(czech("name"))
        if self.instance.pk and not self.is_bound:
            self.initial["link_user"] = self.instance.user_id is not None

    def _post_clean(self):
        pass

    def person_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["person", "role", "side", "start", "end", "note"]
        widgets = {"start": DATE_WIDGET, "end": DATE_WIDGET}
        help_texts = {
            "end": _("Fill in when the person leaves the group."),
            "side": _("Which side of the triad the person represents in the group."),
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["person"]
        else:
            self.fields["person"].queryset = Person.objects.filter(process=process).order_by(
                czech("name")
            )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("A membership cannot end before it starts."))
        return data

    def _post_clean(self):
        pass


class MeetingForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS, required=False
    )

    class Meta:
        model = Meeting
        formfield_callback = _formfield
        fields = [
            "title",
            "kind",
            "groups",
            "is_public",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "description",
            "status",
        ]
        widgets = {
            "groups": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "groups": _("The members of these groups are invited. A public meeting may have none."),
            "place": _("The address, or leave empty for an online meeting."),
        }

    def __init__(self, *args, process, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("A meeting cannot end before it starts."))
        if not data.get("groups") and not data.get("is_public"):
            self.add_error("groups", _("Choose the invited groups, or make the meeting public."))
        return data

    def _post_clean(self):
        pass

    def meeting_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "groups"}


class AgendaItemForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Item"), max_length=255, required=False)
    description = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=3, max_num=40)


def agenda_initial(meeting) -> list[dict]:
    if meeting is None:
        return []
    return [
        {"id": item.pk, "title": item.title, "description": item.description}
        for item in meeting.agenda_items.all()
    ]


def agenda_from_formset(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data.get("title")]


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The invited members."),
    )
    others = forms.ModelMultipleChoiceField(
        label=_("Other people of the process who were present"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    guests = forms.CharField(
        label=_("Guests"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One guest a line: name; organisation."),
    )

    def __init__(self, *args, people, others, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = people
        self.fields["others"].queryset = others
        if not others.exists():
            del self.fields["others"]

    def clean_guests(self):
        guests = []
        for line in self.cleaned_data["guests"].splitlines():
            if not line.strip():
                continue
            name, _sep, organisation = line.partition(";")
            if len(name.strip()) > 150:
                raise forms.ValidationError(_("A guest's name may have at most 150 characters."))
            guests.append((name.strip(), organisation.strip()[:255]))
        return guests


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label=_("Your reply"),
        choices=[
            (MeetingInvitation.Reply.ATTEND, _("I will attend")),
            (MeetingInvitation.Reply.EXCUSED, _("I cannot come (excused)")),
        ],
        widget=forms.RadioSelect,
    )


class OnDateForm(forms.Form):
    on = forms.DateField(label=_("Members on"), widget=DATE_WIDGET, required=False)
