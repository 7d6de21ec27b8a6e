"""Permissions of the core app: background jobs."""

import rules

from .permissions import is_site_staff


@rules.predicate
def started_the_job(user, job):
    return bool(user.is_authenticated and job is not None and job.created_by_id == user.pk)


# Background jobs: the person who started one, and site staff
rules.add_perm("core.view_job", is_site_staff | started_the_job)
