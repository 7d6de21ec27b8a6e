"""Measures, drafts and plan versions take their timestamps from core's TimeStampedModel.
Measures and drafts gain ``created_at``, plan versions ``updated_at``; existing rows get the
timestamp they already have (the last change of a measure or draft, the creation of a
version) instead of the time of the migration."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def fill_timestamps(apps, schema_editor):
    apps.get_model("planning", "Measure").objects.update(created_at=F("updated_at"))
    apps.get_model("planning", "Draft").objects.update(created_at=F("updated_at"))
    apps.get_model("planning", "PlanVersion").objects.update(updated_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="draft",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="measure",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="planversion",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.AlterField(
            model_name="draft",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.RunPython(fill_timestamps, migrations.RunPython.noop),
    ]
