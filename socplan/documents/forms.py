"""Form of the catalogue booklet page: how to arrange and print the booklet."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .booklet import BY_KIND, BY_TARGET_GROUP


class BookletForm(forms.Form):
    by = forms.ChoiceField(
        label=_("Chapters"),
        choices=[
            (BY_KIND, _("by kind of service (counselling, care, prevention)")),
            (BY_TARGET_GROUP, _("by target group (seniors, families, ...)")),
        ],
        initial=BY_KIND,
        widget=forms.RadioSelect,
    )
    page_size = forms.ChoiceField(
        label=_("Page size"),
        choices=[("A5", _("A5 (a booklet)")), ("A4", _("A4"))],
        initial="A5",
        widget=forms.RadioSelect,
    )
