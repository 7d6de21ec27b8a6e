from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    SetPasswordMixin,
    UserChangeForm,
)
from django.utils.translation import gettext_lazy as _

from .models import Role

User = get_user_model()


class EmailAuthenticationForm(AuthenticationForm):
    """Sign in with an e-mail address (any letter case) and a password."""

    username = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The e-mail address or the password is not correct. Note that the password is "
            "case-sensitive."
        ),
    }

    def get_invalid_login_error(self):
        # A wrong e-mail or password is a non-field error; mark both fields invalid and
        # point them to it, so that a screen reader announces it on the fields.
        errors_id = f"{self.prefix}-nonfield-errors" if self.prefix else "nonfield-errors"
        for name in ("username", "password"):
            self.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": errors_id}
            )
        return super().get_invalid_login_error()


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    full_name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("Optional; the person can change it when accepting."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class SiteInvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    full_name = forms.CharField(label=_("Name"), max_length=150, required=False)


class AcceptInvitationForm(SetPasswordMixin, forms.Form):
    """A new user's name and password (with confirmation and the password validators)."""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Password"), label2=_("Password again")
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        self.validate_passwords()
        user = User(email=self.email, full_name=cleaned.get("full_name", ""))
        self.validate_password_for_user(user)
        return cleaned


class _UniqueEmailMixin:
    """E-mail addresses are stored lower-case and unique regardless of letter case."""

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).strip().lower()
        others = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("A user with this e-mail address already exists."), code="unique"
            )
        return email


class UserCreationAdminForm(_UniqueEmailMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")
        field_classes: dict = {}


class UserChangeAdminForm(_UniqueEmailMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes: dict = {}
