"""Form of a local (non-registered) service (catdata)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from socplan.core.collation import czech
from socplan.core.forms import VersionedForm
from socplan.core.links import validate_http_url

from .models import CodelistItem


class LocalServiceForm(VersionedForm):
    name = forms.CharField(label=_("Name of the service"), max_length=500)
    local_category = forms.ModelChoiceField(
        label=_("Category"), queryset=CodelistItem.objects.none(), empty_label=None
    )
    provider_name = forms.CharField(
        label=_("Who provides it"),
        max_length=500,
        required=False,
        help_text=_("An organisation, office or group; empty: the name of the service."),
    )
    description = forms.CharField(
        label=_("Description in plain language"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    opening_hours = forms.CharField(
        label=_("Opening hours"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    accessibility = forms.CharField(
        label=_("Accessibility"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    web = forms.CharField(
        label=_("Web site"), max_length=500, required=False, validators=[validate_http_url]
    )
    street = forms.CharField(label=_("Street"), max_length=255, required=False)
    house_number = forms.CharField(label=_("House number"), max_length=20, required=False)
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^\d{3} ?\d{2}$",
        required=False,
        error_messages={"invalid": _("Enter the postcode as five digits.")},
    )
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None)
    whole_area = forms.BooleanField(
        label=_("Serves the whole planning area"),
        required=False,
        help_text=_("Otherwise only the municipality where it is."),
    )

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_category"].queryset = CodelistItem.objects.local_categories()
        self.fields["municipality"].queryset = area.municipalities.order_by(czech("name"))

    def clean_postcode(self):
        return (self.cleaned_data.get("postcode") or "").replace(" ", "")


def initial_from_service(service) -> dict:
    facility = service.facilities.select_related("municipality").first()
    manual = service.area_municipalities.filter(origin="manual").count()
    return {
        "name": service.name,
        "local_category": service.local_category_id,
        "provider_name": service.provider.name,
        "description": service.description,
        "opening_hours": service.opening_hours,
        "accessibility": service.accessibility,
        "email": service.emails[0]["value"] if service.emails else "",
        "phone": service.phones[0]["value"] if service.phones else "",
        "web": service.webs[0]["value"] if service.webs else "",
        "street": facility.street if facility else "",
        "house_number": facility.house_number if facility else "",
        "postcode": facility.postcode if facility else "",
        "municipality": facility.municipality_id if facility else None,
        "whole_area": manual > 1,
    }
