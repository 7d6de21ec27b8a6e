"""Forms of minutes, resolutions and tasks."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from socplan.core.collation import czech
from socplan.core.forms import VersionedForm

from .models import AgendaItem, Group, Meeting, Minutes, Person, Task

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def meeting_label(meeting: Meeting) -> str:
    day = date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT")
    return f"{day} – {meeting.title}"


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return meeting_label(obj)


def _minutes_values(minutes) -> dict:
    """What the form shows for ``minutes`` (the version saved now, in an edit conflict)."""
    values = {"summary": minutes.summary}
    for item in minutes.meeting.agenda_items.all():
        values[f"item_{item.pk}"] = item.minutes_text
    return values


class MinutesForm(VersionedForm):
    """The summary and one text field per agenda item (``item_<id>``); a stale form (the
    minutes were saved by somebody else meanwhile) shows both versions (VersionedForm).
    A form shown before the meeting had minutes carries the version "new": minutes that
    somebody else wrote meanwhile are a conflict too, not overwritten."""

    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The main points of the meeting in a few sentences."),
    )

    def __init__(self, *args, meeting: Meeting, minutes=None, **kwargs):
        self.items = list(meeting.agenda_items.order_by("order", "pk"))
        initial = kwargs.pop("initial", None) or {}
        initial.setdefault("summary", minutes.summary if minutes else "")
        for item in self.items:
            initial.setdefault(f"item_{item.pk}", item.minutes_text)
        if minutes is not None:
            kwargs.setdefault("versioned", minutes)
        kwargs.setdefault("versioned_query", Minutes.objects.filter(meeting=meeting))
        kwargs.setdefault("versioned_values", _minutes_values)
        super().__init__(*args, initial=initial, **kwargs)
        for number, item in enumerate(self.items, start=1):
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=_("%(number)s. %(title)s") % {"number": number, "title": item.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=item.description,
            )

    def item_texts(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}") or "" for item in self.items}


class ResolutionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    number = forms.CharField(
        label=_("Number"),
        max_length=40,
        required=False,
        help_text=_("Leave empty for the next number, e.g. 3/2019."),
        widget=forms.TextInput(attrs={"class": "input--short"}),
    )
    text = forms.CharField(
        label=_("Text of the resolution"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32767,
        required=False,
        widget=forms.NumberInput(attrs={"class": "input--short"}),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("order", "pk")

    def clean(self):
        cleaned = super().clean()
        deleting = cleaned.get("DELETE")
        if not deleting and self.has_changed() and not (cleaned.get("text") or "").strip():
            self.add_error("text", _("Write the text of the resolution."))
        return cleaned


class BaseResolutionFormSet(forms.BaseFormSet):
    def __init__(self, *args, meeting: Meeting, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "meeting": self.meeting}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            meeting=self.meeting,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form

    def resolutions(self) -> list[dict]:
        """The rows of a valid formset, as :func:`resolutions_update` takes them."""
        rows = []
        for form in self.forms:
            pk = form.cleaned_data.get("id")
            if self._should_delete_form(form):
                if pk:
                    rows.append({"id": pk, "delete": True})
                continue
            if not pk and not form.has_changed():
                continue
            rows.append(
                {
                    "id": pk,
                    "number": form.cleaned_data.get("number") or "",
                    "text": form.cleaned_data.get("text") or "",
                    "agenda_item": form.cleaned_data.get("agenda_item"),
                    "order": form.cleaned_data.get("order") or 0,
                }
            )
        return rows


ResolutionFormSet = forms.formset_factory(
    ResolutionForm,
    formset=BaseResolutionFormSet,
    extra=2,
    can_delete=True,
    max_num=100,
    validate_max=True,
)


def resolution_initial(meeting: Meeting) -> list[dict]:
    return [
        {
            "id": r.pk,
            "number": r.number,
            "text": r.text,
            "agenda_item": r.agenda_item_id,
            "order": r.order,
        }
        for r in meeting.resolutions.all()
    ]


class ApproveForm(forms.Form):
    approved_at_meeting = MeetingChoiceField(
        label=_("Approved at the meeting"),
        queryset=Meeting.objects.none(),
        empty_label=None,
        help_text=_("The later meeting at which the minutes were approved."),
    )
    approved_on = forms.DateField(
        label=_("Approved on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty for the day of that meeting."),
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_at_meeting"].queryset = meetings


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.organisation_name:
            return f"{obj.name} ({obj.organisation_name})"
        return obj.name


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=255)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = PersonChoiceField(
        label=_("Owner"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("The person of the planning process who carries the task out."),
    )
    due = forms.DateField(label=_("Due"), required=False, widget=DATE_WIDGET)
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none(), required=False)
    meeting = MeetingChoiceField(
        label=_("Agreed at the meeting"), queryset=Meeting.objects.none(), required=False
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=Task.Status.choices)

    def __init__(self, *args, process, groups=None, meeting: Meeting | None = None, **kwargs):
        """``groups``: the groups the user may give tasks to (None: any group of the
        process, and tasks without a group)."""
        super().__init__(*args, **kwargs)
        self.limited_groups = groups is not None
        self.fields["owner"].queryset = Person.objects.filter(process=process).order_by(
            czech("name")
        )
        self.fields["group"].queryset = (
            groups if groups is not None else Group.objects.filter(process=process)
        )
        if self.limited_groups:
            self.fields["group"].required = True
            self.fields["group"].empty_label = None
        self.fields["meeting"].queryset = Meeting.objects.filter(process=process).order_by(
            "-starts_at"
        )
        if meeting is not None:
            self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("order", "pk")
        else:
            del self.fields["agenda_item"]

    def clean(self):
        cleaned = super().clean()
        meeting, item = cleaned.get("meeting"), cleaned.get("agenda_item")
        if item is not None and (meeting is None or item.meeting_id != meeting.pk):
            self.add_error("agenda_item", _("Choose an agenda item of the meeting."))
        return cleaned

    def task_fields(self) -> dict:
        data = {
            name: self.cleaned_data.get(name)
            for name in ("title", "description", "owner", "due", "group", "meeting")
        }
        data["description"] = data["description"] or ""
        if "agenda_item" in self.fields:
            data["agenda_item"] = self.cleaned_data.get("agenda_item")
        return data


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Task.Status.choices)
