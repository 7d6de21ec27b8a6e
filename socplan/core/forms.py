"""Generic form helpers shared by the apps."""

import contextlib
import datetime
import hashlib
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
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


# The version a form carries when it was shown before the row existed (the minutes of a
# meeting nobody has written yet): somebody else creating the row meanwhile is a conflict.
NEW = "new"


class VersionedForm(forms.Form):
    """Refuses to save over a change made by somebody else since the form was shown.

    The form carries the edited row's version (:meth:`version_of`: :func:`version_token`,
    its ``updated_at`` or a fingerprint of its values, with the fingerprint of what the form
    edits beside the row, :meth:`extra_values`) in a hidden field ``edit_version``; autosaved
    drafts keep it, so a draft restored later still carries the version it was typed
    against. When the version posted back is no longer the row's, the form is invalid: the
    person sees a conflict with both versions side by side (``conflict_rows``: what is saved
    now and what they typed), keeps what they typed, and may save again deliberately (the
    hidden field then carries the current version). Nothing is lost either way.

    The version is checked twice: when the form is validated, and again inside the
    transaction of the save with the row locked (``with form.saving(): service(...)``), so a
    save by somebody else between the two is caught too.

    A ModelForm mixes it in before ``forms.ModelForm`` and versions its instance; a plain
    form passes ``versioned=obj`` and ``versioned_values=callable(obj) -> {field: value}``
    (the values its fields would show for ``obj``, like its initial data). A form that may
    create its row passes ``versioned_query`` (a queryset finding that row whether or not it
    exists yet): shown before the row existed, it carries :data:`NEW`, and the row created
    by somebody else meanwhile is a conflict.
    """

    edit_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, versioned=None, versioned_values=None, versioned_query=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if versioned is None:
            instance = getattr(self, "instance", None)
            versioned = instance if instance is not None and instance.pk else None
        self.versioned = versioned
        self.versioned_values = versioned_values
        self.versioned_query = versioned_query
        self.conflict_rows: list[dict] = []
        if not self.initial.get("edit_version"):
            if versioned is not None:
                self.initial["edit_version"] = self.version_of(versioned)
            elif versioned_query is not None:
                self.initial["edit_version"] = NEW

    def extra_values(self, obj) -> dict:
        """Values of fields kept beside the row (its costs, ...) as the form shows them for
        ``obj``: they count in its version and show in a conflict. None here."""
        return {}

    def version_of(self, obj) -> str:
        token = version_token(obj)
        extra = {k: v for k, v in self.extra_values(obj).items() if v is not None}
        if extra and token.startswith("sha256:"):  # ``updated_at`` changes with them already
            digest = hashlib.sha256(repr(sorted(extra.items())).encode()).hexdigest()
            token = f"{token}+{digest}"
        return token

    def _query(self):
        if self.versioned_query is not None:
            return self.versioned_query
        if self.versioned is not None:
            return type(self.versioned)._default_manager.filter(pk=self.versioned.pk)
        return None

    def _check_version(self, *, lock: bool = False) -> None:
        """Raise the conflict when the row's version is no longer the one posted."""
        query = self._query()
        if query is None or not self.is_bound:
            return
        key = self.add_prefix("edit_version")
        posted = self.data.get(key) or ""
        # of=("self",): only the row itself (PostgreSQL refuses to lock the nullable side of
        # an outer join, which a query with related rows may have)
        fresh = (query.select_for_update(of=("self",)) if lock else query).first()
        if fresh is None or not posted or posted == self.version_of(fresh):
            return
        rows = self._conflict_rows(fresh)
        if not rows and self._compares_every_field(fresh):
            return  # changed since, but not in what this form shows: nothing to lose
        self._conflict(fresh, rows)

    def _compares_every_field(self, fresh) -> bool:
        theirs = self._theirs(fresh)
        return all(
            name in theirs or name == "edit_version" or field.widget.is_hidden
            for name, field in self.fields.items()
        )

    def _conflict(self, fresh, rows=None):
        self.conflict_rows = self._conflict_rows(fresh) if rows is None else rows
        # the next submit is a deliberate save over the version now shown beside it
        key = self.add_prefix("edit_version")
        self.data = self.data.copy()
        self.data[key] = self.version_of(fresh)
        raise ValidationError(
            _(
                "Somebody else saved this while you were editing it. Compare what is saved "
                "now with your version below; nothing of yours is lost. Save again to keep "
                "your version, or change it first."
            ),
            code="conflict",
        )

    def clean(self):
        cleaned = super().clean()
        self._check_version()
        return cleaned

    @contextlib.contextmanager
    def saving(self, *, lock=None):
        """``with form.saving(): service(...)``: the save and a last check of the version in
        one transaction, the row locked (``select_for_update``; on SQLite the transaction
        holds the write lock from its start), so that a save by somebody else after the
        form was validated is a conflict too, never overwritten. ``lock``: a queryset to
        lock first, in the order the service locks (e.g. the plan before its measure).
        Raises the conflict as a ValidationError (``add_service_errors`` shows it); a row
        somebody else created at the same moment (a unique constraint) is a conflict too."""
        try:
            with transaction.atomic():
                if lock is not None:
                    list(lock.select_for_update(of=("self",)))
                self._check_version(lock=True)
                yield
        except IntegrityError:
            # only the row this form was about to create (any other integrity error is not
            # an edit conflict)
            query = self._query()
            fresh = query.first() if query is not None else None
            if fresh is None or self.data.get(self.add_prefix("edit_version")) != NEW:
                raise
            self._conflict(fresh)

    def _theirs(self, fresh) -> dict:
        if self.versioned_values is not None:
            return {**self.versioned_values(fresh), **self.extra_values(fresh)}
        opts = fresh._meta
        values = forms.models.model_to_dict(fresh)
        for field in opts.many_to_many:
            if field.name in values:
                values[field.name] = [obj.pk for obj in getattr(fresh, field.name).all()]
        return {**values, **self.extra_values(fresh)}

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
        return rows + self.extra_conflict_rows(fresh)

    def extra_conflict_rows(self, fresh) -> list[dict]:
        """Rows of the conflict for what the form edits outside its own fields (a formset
        beside it): ``{"label", "theirs", "mine"}``. None here."""
        return []


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
