# Roles per process moved to organisation, region roles to territory (their migrations
# took over the tables); an invitation names what it is to by a generic target instead of
# a foreign key to a planning process, so that accounts imports no later app.

import django.db.models.deletion
from django.db import migrations, models


def process_to_target(apps, schema_editor):
    Invitation = apps.get_model("accounts", "Invitation")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Invitation.objects.filter(process__isnull=False).exists():
        return
    process_type, _ = ContentType.objects.get_or_create(
        app_label="organisation", model="planningprocess"
    )
    for invitation in Invitation.objects.filter(process__isnull=False):
        invitation.target_type_id = process_type.pk
        invitation.target_id = invitation.process_id
        invitation.save(update_fields=["target_type", "target_id"])


def target_to_process(apps, schema_editor):
    Invitation = apps.get_model("accounts", "Invitation")
    for invitation in Invitation.objects.filter(target_id__isnull=False):
        invitation.process_id = invitation.target_id
        invitation.save(update_fields=["process"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0003_invitation_provider_ico"),
        ("organisation", "0005_processrole"),
        ("territory", "0003_regionrole"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ProcessRole"),
                migrations.DeleteModel(name="RegionRole"),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="invitation",
            name="target_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="invitation",
            name="target_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(process_to_target, target_to_process),
        migrations.RemoveField(model_name="invitation", name="process"),
    ]
