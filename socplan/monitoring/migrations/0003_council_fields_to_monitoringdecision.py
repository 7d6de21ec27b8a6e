"""The council's note on a monitoring report moves from three fields of the period to a
MonitoringDecision (the shape shared with the councils' decisions on a plan), and back."""

from django.db import migrations

RESOLUTION_MAX = 100  # MonitoringDecision.resolution_number


def forwards(apps, schema_editor):
    Period = apps.get_model("monitoring", "MonitoringPeriod")
    Decision = apps.get_model("monitoring", "MonitoringDecision")
    periods = Period.objects.exclude(
        council_noted_on__isnull=True, council_resolution="", council_body=""
    )
    decisions = []
    for period in periods.iterator():
        resolution = period.council_resolution.strip()
        decisions.append(
            Decision(
                period_id=period.pk,
                body="municipality",
                body_name=period.council_body,
                decision="took_note" if period.council_noted_on else "pending",
                decided_on=period.council_noted_on,
                resolution_number=resolution[:RESOLUTION_MAX],
                # a longer resolution (the old field took 255 characters) is kept whole
                note=resolution if len(resolution) > RESOLUTION_MAX else "",
            )
        )
    Decision.objects.bulk_create(decisions, batch_size=500)


def backwards(apps, schema_editor):
    Period = apps.get_model("monitoring", "MonitoringPeriod")
    Decision = apps.get_model("monitoring", "MonitoringDecision")
    for decision in Decision.objects.iterator():
        resolution = decision.resolution_number
        if decision.note.startswith(resolution) and len(decision.note) > RESOLUTION_MAX:
            resolution = decision.note[:255]
        Period.objects.filter(pk=decision.period_id).update(
            council_noted_on=decision.decided_on,
            council_resolution=resolution,
            council_body=decision.body_name[:255],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_monitoringdecision"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
