"""Every model with timestamps takes them from core's TimeStampedModel: none declares its
own copy of ``created_at``/``updated_at``."""

import pytest
from django.apps import apps

from socplan.core.models import TimeStampedModel

# Every app with timestamped models (core itself defines the abstract model; its Job and
# audit events keep their own times).
APPS = ["accounts", "territory", "organisation", "catalogue", "library", "planning"]
NAMES = ("created_at", "updated_at")


def _definition(field):
    _name, path, args, kwargs = field.deconstruct()
    return path, args, kwargs


@pytest.mark.parametrize("label", APPS)
def test_models_with_timestamps_use_the_one_abstract_model(label):
    abstract = {name: _definition(TimeStampedModel._meta.get_field(name)) for name in NAMES}
    copies = []
    for model in apps.get_app_config(label).get_models():
        fields = {f.name: f for f in model._meta.fields if f.name in NAMES}
        if not fields:
            continue
        if not issubclass(model, TimeStampedModel) or any(
            _definition(field) != abstract[name] for name, field in fields.items()
        ):
            copies.append(model.__name__)
    assert copies == []
