import pytest
from django.db import models

from socplan.core.audit import (
    AuditAction,
    action_choices,
    action_classes,
    action_errors,
    audit_log,
    check_audit_actions,
)
from socplan.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _some_action() -> AuditAction:
    return next(iter(action_classes()[0]))


def test_it_refuses_an_unknown_action_string():
    with pytest.raises(TypeError):
        audit_log(actor=None, action="made_up.happened")
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_known_action_given_as_a_plain_string():
    with pytest.raises(TypeError):
        audit_log(actor=None, action=str(_some_action().value))


def test_it_stores_the_value_of_the_enumerated_action(staff):
    action = _some_action()
    event = audit_log(actor=staff, action=action, obj=staff, note="hello")
    event.refresh_from_db()
    assert event.action == action.value
    assert event.get_action_display() == action.label
    assert event.data == {"note": "hello"}


def test_every_installed_app_declares_its_actions_and_they_are_well_formed():
    # The `audit` modules of the apps are found when core is ready.
    assert len(action_classes()) >= 5
    assert check_audit_actions() == []
    values = [value for value, _label in action_choices()]
    assert len(values) == len(set(values))
    assert list(AuditEvent._meta.get_field("action").choices) == action_choices()


def test_the_check_finds_duplicate_and_malformed_actions():
    class First(models.TextChoices):
        DONE = "thing.done", "done"

    class Second(models.TextChoices):
        DONE_AGAIN = "thing.done", "done again"
        BAD = "Something Happened", "bad"

    ids = sorted(error.id for error in action_errors([First, Second]))
    assert ids == ["core.E001", "core.E002"]
