from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0003_council_fields_to_monitoringdecision"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="monitoringperiod",
            name="council_body",
        ),
        migrations.RemoveField(
            model_name="monitoringperiod",
            name="council_noted_on",
        ),
        migrations.RemoveField(
            model_name="monitoringperiod",
            name="council_resolution",
        ),
    ]
