"""Form of the register import (catdata)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RegistryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Register file (rpss.json)"),
        required=False,
        help_text=_("The open-data file of the register of social-service providers (JSON)."),
    )
    download = forms.BooleanField(
        label=_("Download the current file from data.mpsv.cz instead"),
        required=False,
        help_text=_("Only when the server can reach the internet; the file has about 100 MB."),
    )
    force = forms.BooleanField(
        label=_("Import even if the file has far fewer services than the catalogue"),
        required=False,
        help_text=_(
            "A file with a fifth fewer active services or more is refused as probably "
            "incomplete; tick this only when the register really shrank."
        ),
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("download")):
            raise forms.ValidationError(
                _("Choose a file to upload, or tick the download (one of the two)."),
                code="source",
            )
        return data
