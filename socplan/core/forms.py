"""Generic form helpers shared by the apps."""

import datetime
import hashlib
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import BaseFormSet
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def add_service_errors(form, error: ValidationError, field: str | None = None) -> None:
    """Show a ValidationError raised by a service on ``form`` (the service saved nothing).

    Errors keyed by a field of the form go to that field; the others, and an error without
    keys, go to ``field`` (the form as a whole when None). On a formset every message goes
    to the formset as a whole."""
    if isinstance(form, BaseFormSet):
        form.non_form_errors().extend(error.messages)  # validates the formset if not yet done
        return
    if field is not None and field not in form.fields:
        field = None
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, error)


# --- no lost edits ------------------------------------------------------------------------


def version_token(obj) -> str:
    """The version of a row as a form carries it: its last change (``updated_at`` of
    :class:`~socplan.core.models.TimeStampedModel`), to the microsecond; for a model
    without it, a fingerprint of its values (fields and many-to-many links)."""
    updated_at = getattr(obj, "updated_at", None)
    if updated_at is not None:
        return updated_at.isoformat()
    opts = obj._meta
    values = [(f.attname, f.value_to_string(obj)) for f in opts.concrete_fields]
    values += [
        (f.name, sorted(getattr(obj, f.attname).values_list("pk", flat=True)))
        for f in opts.many_to_many
    ]
    return "sha256:" + hashlib.sha256(repr(values).encode()).hexdigest()


class VersionedForm(forms.Form):
    """Refuses to save over a change made by somebody else since the form was shown.

    The form carries the edited row's version (:func:`version_token`: its ``updated_at``, or
    a fingerprint of its values) in a hidden field ``edit_version``; autosaved drafts keep
    it, so a draft restored later still carries the version it was typed against. When
    the version posted back is no longer the row's, the form is invalid: the person sees
    a conflict with both versions side by side (``conflict_rows``: what is saved now and
    what they typed), keeps what they typed, and may save again deliberately (the hidden
    field then carries the current version). Nothing is lost either way.

    A ModelForm mixes it in before ``forms.ModelForm`` and versions its instance; a plain
    form passes ``versioned=obj`` and ``versioned_values=callable(obj) -> {field: value}``
    (the values its fields would show for ``obj``, like its initial data).
    """

    edit_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, versioned=None, versioned_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        if versioned is None:
            instance = getattr(self, "instance", None)
            versioned = instance if instance is not None and instance.pk else None
        self.versioned = versioned
        self.versioned_values = versioned_values
        self.conflict_rows: list[dict] = []
        if versioned is not None and not self.initial.get("edit_version"):
            self.initial["edit_version"] = version_token(versioned)

    def clean(self):
        cleaned = super().clean()
        if self.versioned is None or not self.is_bound:
            return cleaned
        key = self.add_prefix("edit_version")
        posted = self.data.get(key) or ""
        fresh = type(self.versioned)._default_manager.filter(pk=self.versioned.pk).first()
        if fresh is None or not posted or posted == version_token(fresh):
            return cleaned
        self.conflict_rows = self._conflict_rows(fresh)
        # the next submit is a deliberate save over the version now shown beside it
        self.data = self.data.copy()
        self.data[key] = version_token(fresh)
        raise ValidationError(
            _(
                "Somebody else saved this while you were editing it. Compare what is saved "
                "now with your version below; nothing of yours is lost. Save again to keep "
                "your version, or change it first."
            ),
            code="conflict",
        )

    def _theirs(self, fresh) -> dict:
        if self.versioned_values is not None:
            return dict(self.versioned_values(fresh))
        opts = fresh._meta
        values = forms.models.model_to_dict(fresh)
        for field in opts.many_to_many:
            if field.name in values:
                values[field.name] = [obj.pk for obj in getattr(fresh, field.name).all()]
        return values

    def _conflict_rows(self, fresh) -> list[dict]:
        theirs = self._theirs(fresh)
        rows = []
        for name, field in self.fields.items():
            if name == "edit_version" or name not in theirs or field.widget.is_hidden:
                continue
            mine = self.cleaned_data[name] if name in self.cleaned_data else self[name].value()
            saved, typed = _shown(field, theirs[name]), _shown(field, mine)
            if saved != typed:
                rows.append({"label": field.label or name, "theirs": saved, "mine": typed})
        return rows


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        return [value]
    return list(value)


def _text(value) -> str:
    if isinstance(value, Decimal):
        value = format(value.normalize(), "f")
    elif isinstance(value, datetime.date):
        value = formats.localize(value)
    return str(value).replace("\r\n", "\n").strip()


def _shown(field, value) -> str:
    """A field's value as a person reads it (choice labels, one line per item)."""
    if isinstance(field, forms.BooleanField):
        return gettext("yes") if value not in (None, False, "", "False", "false", "0") else ""
    values = [v for v in _as_list(value) if v not in (None, "")]
    if hasattr(field, "choices"):
        labels = {}
        for key, label in field.choices:
            if isinstance(label, list | tuple):  # grouped choices
                labels.update({str(k): str(v) for k, v in label})
            else:
                labels[str(getattr(key, "value", key))] = str(label)
        return "\n".join(sorted(labels.get(str(getattr(v, "pk", v)), _text(v)) for v in values))
    return "\n".join(_text(v) for v in values)
