"""Background jobs of the catalogue (started with :func:`socplan.core.jobs.job_start`)."""

import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from socplan.core.files import private_storage
from socplan.core.jobs import JobFailed, JobResult
from socplan.core.models import Job

from .importers import REGISTRY_URL, RegistryFileError, download_registry
from .services import registry_import_run

JOB_FUNCTION = "socplan.catalogue.jobs.registry_import_job"


def registry_import_job(
    progress,
    *,
    upload: str = "",
    download: bool = False,
    force: bool = False,
    user_id: int | None = None,
    token: str = "",
    file_name: str = "",
) -> JobResult:
    """Import the register from an uploaded file (a name in the private storage, removed
    afterwards) or from data.mpsv.cz. ``token`` finds the job that runs this import."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    job = Job.objects.filter(function=JOB_FUNCTION, params__token=token).first() if token else None
    try:
        if download:
            with tempfile.TemporaryDirectory(prefix="socplan-rpss-") as tmp:
                progress(0, None, _("Downloading the register"))
                path = download_registry(Path(tmp))
                run = registry_import_run(
                    path=path,
                    force=force,
                    user=user,
                    progress=progress,
                    job=job,
                    file_name=REGISTRY_URL,
                )
        else:
            run = registry_import_run(
                path=private_storage().path(upload),
                force=force,
                user=user,
                progress=progress,
                job=job,
                file_name=file_name or Path(upload).name,
            )
    except RegistryFileError as exc:
        raise JobFailed(str(exc)) from exc
    finally:
        if upload:
            private_storage().delete(upload)
    return JobResult(
        message=run.message,
        data={
            "import_id": run.pk,
            "added": run.added,
            "changed": run.changed,
            "ended": run.ended,
            "unchanged": run.unchanged,
            "notes": run.details.get("notes", []),
        },
    )
