"""The register import job moved from ``catalogue/tasks.py`` to ``catalogue/jobs.py``
("task" means a meeting task; background work is a job): recorded jobs follow, so that a
job queued before the upgrade still runs and its import still finds it."""

from django.db import migrations

OLD = "socplan.catalogue.tasks.registry_import_job"
NEW = "socplan.catalogue.jobs.registry_import_job"


def forwards(apps, schema_editor):
    apps.get_model("core", "Job").objects.filter(function=OLD).update(function=NEW)


def backwards(apps, schema_editor):
    apps.get_model("core", "Job").objects.filter(function=NEW).update(function=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0003_search_index"),
        ("core", "0002_job"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
