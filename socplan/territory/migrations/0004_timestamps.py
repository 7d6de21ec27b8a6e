"""Planning areas take their timestamps from core's TimeStampedModel: they gain
``updated_at``, filled with their creation time."""

from django.db import migrations, models
from django.db.models import F


def fill_timestamps(apps, schema_editor):
    apps.get_model("territory", "PlanningArea").objects.update(updated_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("territory", "0003_regionrole"),
    ]

    operations = [
        migrations.AddField(
            model_name="planningarea",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.RunPython(fill_timestamps, migrations.RunPython.noop),
    ]
