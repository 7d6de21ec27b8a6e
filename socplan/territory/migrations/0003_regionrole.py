# RegionRole moves from accounts to territory (region roles belong with the territory).
# The table and its rows stay; only the owner app and the table name change.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="accounts", model="regionrole").exclude(
        pk__in=ContentType.objects.filter(app_label="territory", model="regionrole")
    ).update(app_label="territory")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("accounts", "0003_invitation_provider_ico"),
        ("territory", "0002_municipality_search_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RegionRole",
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
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="staff_roles",
                                to="territory.region",
                                verbose_name="region",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="region_roles",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "region staff",
                        "verbose_name_plural": "region staff",
                        "db_table": "accounts_regionrole",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "region"), name="unique_user_region"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        # Rename the table, then drop the explicit name from the state (same table).
        migrations.AlterModelTable(name="regionrole", table="territory_regionrole"),
        migrations.AlterModelTable(name="regionrole", table=None),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
