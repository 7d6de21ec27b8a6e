"""Permissions of needs surveys (loaded by the analysis AppConfig). Objects: the planning
process, or a survey of it.

- everybody answers an open survey by its public link, and reads the published results of
  a closed survey of a published process;
- people of the process (any role) and region staff read the surveys and their results;
- the coordinator and methodologists (and site staff) build surveys, type in paper
  answers, moderate, publish, export and make findings.
"""

import rules

from socplan.core.permissions import is_site_staff
from socplan.organisation.rules import (
    ROLE_COORDINATOR,
    ROLE_METHODOLOGIST,
    is_region_staff_of_process,
    roles,
)


def _process(obj):
    if obj is None or hasattr(obj, "planning_area_id"):
        return obj
    return getattr(obj, "process", None)


@rules.predicate
def has_survey_process_role(user, obj):
    return bool(roles(user, _process(obj)))


@rules.predicate
def manages_surveys(user, obj):
    return bool(roles(user, _process(obj)) & {ROLE_COORDINATOR, ROLE_METHODOLOGIST})


@rules.predicate
def is_region_staff_of_survey(user, obj):
    return is_region_staff_of_process.test(user, _process(obj))


rules.add_perm(
    "analysis.view_surveys",
    is_site_staff | has_survey_process_role | is_region_staff_of_survey,
)
rules.add_perm("analysis.manage_surveys", is_site_staff | manages_surveys)
rules.add_perm("analysis.enter_survey_answers", is_site_staff | manages_surveys)
