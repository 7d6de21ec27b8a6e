from django import forms
from django.utils.translation import gettext_lazy as _

from socplan.organisation.models import Group, Meeting

from .models import Document, Event, NewsArticle
from .services import DOCUMENT_FIELDS, EVENT_FIELDS, NEWS_FIELDS
from .uploads import ALLOWED_LABEL, FORMATS, check_upload, max_upload_bytes

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
ACCEPT = ",".join(f".{ext}" for ext in FORMATS)


def _file_help() -> str:
    from django.template.defaultfilters import filesizeformat

    return _("%(types)s; at most %(size)s.") % {
        "types": ALLOWED_LABEL,
        "size": filesizeformat(max_upload_bytes()),
    }


def _meeting_label(meeting) -> str:
    from django.utils import timezone
    from django.utils.formats import date_format

    day = date_format(timezone.localtime(meeting.starts_at).date(), "SHORT_DATE_FORMAT")
    return f"{meeting.title} ({day})"


class UploadField(forms.FileField):
    """A file checked by :func:`socplan.library.uploads.check_upload` (size, type, content)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("File"))
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            check_upload(upload)
        return upload


class DocumentForm(forms.ModelForm):
    """A document's data; with ``with_file`` also its first file.

    ``facilitated_groups``: for a methodologist who is not a coordinator, the groups they
    facilitate: the document must belong to one of them.
    """

    class Meta:
        model = Document
        fields = list(DOCUMENT_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "issued_on": DATE_WIDGET,
        }

    def __init__(self, *args, process, with_file: bool, facilitated_groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process
        groups = Group.objects.filter(process=process)
        if facilitated_groups is not None:
            groups = groups.filter(pk__in=facilitated_groups)
            self.fields["group"].required = True
            self.fields["group"].empty_label = None
            self.fields["group"].help_text = _("You may upload documents of your groups.")
        self.fields["group"].queryset = groups
        self.fields["meeting"].queryset = Meeting.objects.filter(process=process).order_by(
            "-starts_at"
        )
        self.fields["meeting"].label_from_instance = _meeting_label
        if with_file:
            self.fields["file"] = UploadField(help_text=_file_help())
            self.fields["note"] = forms.CharField(
                label=_("Note to this version"), max_length=255, required=False
            )

    def document_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in DOCUMENT_FIELDS}


class VersionForm(forms.Form):
    file = UploadField()
    note = forms.CharField(
        label=_("What changed"),
        max_length=255,
        required=False,
        help_text=_("E.g. “approved by the steering group on 12 March”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help()


class NewsForm(forms.ModelForm):
    class Meta:
        model = NewsArticle
        fields = list(NEWS_FIELDS)
        widgets = {
            "perex": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "published_at": DATETIME_WIDGET,
        }


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = list(EVENT_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("An event cannot end before it starts."))
        return cleaned


class OutputIndicatorsForm(forms.Form):
    """The date range of the output indicators."""

    od = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    do = forms.DateField(label=_("To"), widget=DATE_WIDGET)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("od"), cleaned.get("do")
        if start and end and end < start:
            self.add_error("do", _("The end of the range cannot be before its start."))
        return cleaned
