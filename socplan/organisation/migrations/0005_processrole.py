# ProcessRole moves from accounts to organisation (roles per process belong with the
# processes). The table and its rows stay; only the owner app and the table name change.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="accounts", model="processrole").exclude(
        pk__in=ContentType.objects.filter(app_label="organisation", model="processrole")
    ).update(app_label="organisation")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("accounts", "0003_invitation_provider_ico"),
        ("organisation", "0004_structure"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ProcessRole",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("coordinator", "coordinator"),
                                    ("methodologist", "methodologist"),
                                    ("member", "member"),
                                    ("provider_editor", "provider editor"),
                                ],
                                max_length=20,
                                verbose_name="role",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="since"),
                        ),
                        (
                            "process",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="roles",
                                to="organisation.planningprocess",
                                verbose_name="planning process",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="process_roles",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "role in a process",
                        "verbose_name_plural": "roles in processes",
                        "ordering": ["process", "role", "user"],
                        "db_table": "accounts_processrole",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "process", "role"),
                                name="unique_user_process_role",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        # Rename the table, then drop the explicit name from the state (same table).
        migrations.AlterModelTable(name="processrole", table="organisation_processrole"),
        migrations.AlterModelTable(name="processrole", table=None),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
