"""Forms of the review part of the catalogue: inviting provider editors, proposing changes,
suggesting a correction, reviewing."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from socplan.core.forms import VersionedForm
from socplan.territory.models import Municipality

from .models import Provider
from .review import (
    AREA_FIELD,
    FIELD_LABELS,
    PHOTOS_REMOVE,
    TEXT_FIELDS,
    resolve_municipalities,
)
from .validators import validate_ico

PHOTO_MAX_BYTES = 5 * 1024 * 1024


class ProviderEditorInviteForm(forms.Form):
    ico = forms.CharField(
        label=_("Provider's IČO"),
        max_length=8,
        min_length=8,
        validators=[validate_ico],
        help_text=_("8 digits including leading zeros, as in the register of providers."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    full_name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("Optional; the person can change it when accepting."),
    )

    def clean_ico(self):
        ico = self.cleaned_data["ico"].strip()
        self.provider = Provider.objects.filter(ico=ico).first()
        if self.provider is None:
            raise forms.ValidationError(
                _("No provider with this IČO is in the catalogue."), code="unknown_ico"
            )
        return ico


class LocalFieldsForm(VersionedForm):
    """The local fields of a service, prefilled with its current values; the service area
    added by hand is a list of checkboxes to keep plus a text box to add municipalities."""

    description = forms.CharField(
        label=FIELD_LABELS["description"],
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the service does, for whom, and how to ask for it, in plain words."),
    )
    opening_hours = forms.CharField(
        label=FIELD_LABELS["opening_hours"],
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    accessibility = forms.CharField(
        label=FIELD_LABELS["accessibility"],
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Barrier-free access, parking, public transport, hearing loop, …"),
    )
    area_keep = forms.MultipleChoiceField(
        label=_("Municipalities served (added by hand): keep"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick a municipality to remove it."),
    )
    area_add = forms.CharField(
        label=_("Add municipalities"),
        required=False,
        max_length=2000,
        help_text=_(
            "Names or ČSÚ codes separated by commas. Municipalities served from the "
            "service's facilities are added by the register import."
        ),
    )
    photos_remove = forms.MultipleChoiceField(
        label=_("Remove photos"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    photo = forms.ImageField(
        label=_("Add a photo"),
        required=False,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp"])],
        help_text=_("PNG, JPEG or WebP, at most 5 MB. Only photos you may publish."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    photo_alt = forms.CharField(
        label=_("What the photo shows"),
        required=False,
        max_length=255,
        help_text=_(
            "A text alternative for people who cannot see the photo; required with a photo."
        ),
    )

    def __init__(self, *args, service, include_area=True, **kwargs):
        self.service = service
        # a stale form (the entry changed since it was shown) shows both versions
        kwargs.setdefault("versioned", service)
        kwargs.setdefault(
            "versioned_values", lambda fresh: {name: getattr(fresh, name) for name in TEXT_FIELDS}
        )
        super().__init__(*args, **kwargs)
        codes = sorted(
            service.area_municipalities.filter(origin="manual").values_list(
                "municipality__code", flat=True
            )
        )
        names = dict(Municipality.objects.filter(code__in=codes).values_list("code", "name"))
        self.fields["area_keep"].choices = [(code, names.get(code, code)) for code in codes]
        if not self.is_bound:
            for name in TEXT_FIELDS:
                self.initial.setdefault(name, getattr(service, name))
            self.initial.setdefault("area_keep", codes)
        if not codes:
            del self.fields["area_keep"]
        photos = list(service.photos.all())
        self.fields["photos_remove"].choices = [(str(p.pk), p.alt_text) for p in photos]
        if not photos:
            del self.fields["photos_remove"]
        if not include_area:
            # the reviewer's corrections of a suggestion: the texts only
            for name in ("area_keep", "area_add", "photos_remove", "photo", "photo_alt"):
                self.fields.pop(name, None)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError(
                _("A photo may have at most 5 MB; this file has %(size)s MB."),
                params={"size": round(photo.size / (1024 * 1024), 1)},
                code="photo_too_large",
            )
        return photo

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") and not (cleaned.get("photo_alt") or "").strip():
            self.add_error(
                "photo_alt",
                _("Describe what the photo shows."),
            )
        return cleaned

    def clean_area_add(self):
        text = self.cleaned_data.get("area_add", "")
        municipalities, errors = resolve_municipalities(text)
        if errors:
            raise forms.ValidationError(errors)
        self.added_municipalities = municipalities
        return text

    def proposed(self) -> dict:
        """The proposed values {field: value} (the service area as ČSÚ codes)."""
        values = {name: self.cleaned_data.get(name, "") for name in TEXT_FIELDS}
        if "area_add" in self.fields:
            codes = set(self.cleaned_data.get("area_keep") or [])
            codes.update(m.code for m in getattr(self, "added_municipalities", []))
            values[AREA_FIELD] = sorted(codes)
        if self.cleaned_data.get("photos_remove"):
            values[PHOTOS_REMOVE] = [int(pk) for pk in self.cleaned_data["photos_remove"]]
        return values

    @property
    def photo_upload(self):
        """The uploaded photo and its text alternative, or None."""
        photo = self.cleaned_data.get("photo") if "photo" in self.fields else None
        if not photo:
            return None
        return photo, self.cleaned_data["photo_alt"].strip()


class SuggestionForm(forms.Form):
    message = forms.CharField(
        label=_("What should be corrected?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "For example a changed phone number, opening hours or address. Please do not "
            "write anything about your health or your personal situation."
        ),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Optional."),
    )
    email = forms.EmailField(
        label=_("Your e-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Optional; fill it in if you want to hear how your suggestion was handled."),
    )
    # A honeypot: hidden from people (and from assistive technology), filled by robots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required; the proposer receives it by e-mail."),
    )


class AcceptForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the proposer"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional; sent with the confirmation e-mail and kept in the history."),
    )
