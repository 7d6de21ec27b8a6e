"""Generic form helpers shared by the apps."""

from django.core.exceptions import ValidationError
from django.forms.formsets import BaseFormSet


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
