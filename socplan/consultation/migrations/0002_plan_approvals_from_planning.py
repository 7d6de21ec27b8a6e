"""Move the single approval date and resolution of each plan (planning.Plan.approved_on and
approval_resolution, removed by planning's migration 0004) into PlanApproval, keeping the
data: one approval of the plan's current version, linked to its last approved version."""

import datetime
import hashlib
import json

from django.db import migrations


def _checksum(snapshot) -> str:
    data = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def forwards(apps, schema_editor):
    Plan = apps.get_model("planning", "Plan")
    PlanVersion = apps.get_model("planning", "PlanVersion")
    PlanApproval = apps.get_model("consultation", "PlanApproval")
    plans = Plan.objects.exclude(approved_on__isnull=True, approval_resolution="")
    for plan in plans:
        approved = (
            PlanVersion.objects.filter(plan=plan, kind="approved", version=plan.version)
            .order_by("-revision")
            .first()
        )
        PlanApproval.objects.update_or_create(
            plan=plan,
            version=plan.version,
            defaults={
                "approved_on": plan.approved_on
                or (approved.created_at.date() if approved else datetime.date.today()),
                "resolution": plan.approval_resolution,
                "approved_version": approved,
                "content_checksum": _checksum(approved.snapshot) if approved else "",
            },
        )


def backwards(apps, schema_editor):
    Plan = apps.get_model("planning", "Plan")
    PlanApproval = apps.get_model("consultation", "PlanApproval")
    for approval in PlanApproval.objects.order_by("version"):
        plan = Plan.objects.get(pk=approval.plan_id)
        if plan.version == approval.version:
            plan.approved_on = approval.approved_on
            plan.approval_resolution = approval.resolution
            plan.save(update_fields=["approved_on", "approval_resolution"])


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0001_initial"),
        ("planning", "0002_timestamps"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
