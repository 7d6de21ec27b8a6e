"""Invitations take their timestamps from core's TimeStampedModel: they gain
``updated_at``, filled with the time they were last sent."""

from django.db import migrations, models
from django.db.models import F


def fill_timestamps(apps, schema_editor):
    apps.get_model("accounts", "Invitation").objects.update(updated_at=F("sent_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_roles_moved_invitation_target"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.RunPython(fill_timestamps, migrations.RunPython.noop),
    ]
