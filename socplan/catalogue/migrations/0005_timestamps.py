"""Provider editors, proposals and service area rows take their timestamps from core's
TimeStampedModel: they gain ``updated_at``. Existing rows keep their ``created_at``; their
``updated_at`` becomes the last known change (the review of a proposal, else its creation)
instead of the time of the migration."""

from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Coalesce


def fill_updated_at(apps, schema_editor):
    for name in ("ProviderEditor", "ServiceAreaMunicipality"):
        apps.get_model("catalogue", name).objects.update(updated_at=F("created_at"))
    apps.get_model("catalogue", "ChangeProposal").objects.update(
        updated_at=Coalesce("reviewed_at", "created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0004_registry_import_job_path"),
    ]

    operations = [
        migrations.AddField(
            model_name="changeproposal",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.AddField(
            model_name="providereditor",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.AddField(
            model_name="serviceareamunicipality",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.RunPython(fill_updated_at, migrations.RunPython.noop),
    ]
