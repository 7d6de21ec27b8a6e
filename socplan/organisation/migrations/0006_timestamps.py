"""Processes, roles, people, meetings, minutes and tasks take their timestamps from core's
TimeStampedModel. Minutes gain ``created_at``, people, roles and tasks ``updated_at``;
existing rows get the timestamp they already have (the last change of the minutes, the
creation of the others) instead of the time of the migration."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def fill_timestamps(apps, schema_editor):
    apps.get_model("organisation", "Minutes").objects.update(created_at=F("updated_at"))
    for name in ("Person", "ProcessRole", "Task"):
        apps.get_model("organisation", name).objects.update(updated_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0005_processrole"),
    ]

    operations = [
        migrations.AddField(
            model_name="minutes",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="person",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.AddField(
            model_name="processrole",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.AddField(
            model_name="task",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.AlterField(
            model_name="processrole",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created"),
        ),
        migrations.RunPython(fill_timestamps, migrations.RunPython.noop),
    ]
