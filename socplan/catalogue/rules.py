"""Permissions of the catalogue: life situations, local services, provider editors,
change proposals, the review queue, register imports.

Coordinators are known through :mod:`socplan.territory.processes` (the catalogue does not
import organisation, its sibling).
"""

import rules
from django.contrib.auth.backends import ModelBackend

from socplan.accounts.models import Role
from socplan.core.permissions import is_site_staff, user_cache
from socplan.territory.models import PlanningArea
from socplan.territory.processes import coordinated_area_ids, process_role_names, process_roles

ROLE_COORDINATOR = Role.COORDINATOR
ROLE_PROVIDER_EDITOR = Role.PROVIDER_EDITOR


@rules.predicate
def coordinates_process_over_area(user, area):
    """Coordinator of a planning process over this planning area."""
    return area is not None and area.pk in coordinated_area_ids(user)


@rules.predicate
def coordinates_process(user, process):
    """Coordinator of this planning process (an object of the organisation app)."""
    return process is not None and ROLE_COORDINATOR in process_roles(user, process)


def _service_of(obj):
    """A service, or the service of a change proposal."""
    return getattr(obj, "service", obj)


def _edited_provider_ids(user) -> set[int]:
    return user_cache(
        user,
        "edited_provider_ids",
        lambda: set(user.provider_editorships.values_list("provider_id", flat=True)),
    )


@rules.predicate
def is_provider_editor(user):
    """Edits a provider's entries, or holds the role provider editor in a process."""
    if not user.is_authenticated:
        return False
    return ROLE_PROVIDER_EDITOR in process_role_names(user) or bool(_edited_provider_ids(user))


@rules.predicate
def edits_provider_of_service(user, service):
    service = _service_of(service)
    if not user.is_authenticated or service is None:
        return False
    return service.provider_id in _edited_provider_ids(user)


@rules.predicate
def coordinates_any_process(user):
    return bool(user.is_authenticated and ROLE_COORDINATOR in process_role_names(user))


@rules.predicate
def coordinates_area_of_service(user, service):
    """Coordinator of a process whose planning area holds one of the service's
    municipalities (a facility there or a service-area row)."""
    service = _service_of(service)
    if not user.is_authenticated or service is None:
        return False
    areas = PlanningArea.objects.filter(pk__in=coordinated_area_ids(user))
    return (
        areas.filter(municipalities__facilities__service=service).exists()
        or areas.filter(municipalities__service_area_rows__service=service).exists()
    )


rules.add_perm("catalogue.change_life_situations", is_site_staff | coordinates_process_over_area)
rules.add_perm("catalogue.invite_provider_editor", is_site_staff | coordinates_process)
rules.add_perm("catalogue.view_my_services", is_site_staff | is_provider_editor)
rules.add_perm("catalogue.propose_change", edits_provider_of_service)
rules.add_perm("catalogue.verify_service", edits_provider_of_service)
rules.add_perm("catalogue.view_review_queue", is_site_staff | coordinates_any_process)
rules.add_perm("catalogue.review_proposal", is_site_staff | coordinates_area_of_service)


@rules.predicate
def holds_national_register_role(user):
    """The national register role: the model permission "change registry import" granted in
    the admin (to the user or a group of theirs), for operators of the national catalogue
    who are not site staff."""
    return bool(
        user.is_authenticated
        and user.is_active
        and ModelBackend().has_perm(user, "catalogue.change_registryimport")
    )


# register import: the national catalogue is shared by every process, so only site staff
# and holders of the national register role import it (or force an import); coordinators
# see the history of imports
rules.add_perm("catalogue.import_registry", is_site_staff | holds_national_register_role)
rules.add_perm(
    "catalogue.view_registry_imports",
    is_site_staff | holds_national_register_role | coordinates_any_process,
)
# local (non-registered) services of a planning area: its coordinators and site staff
rules.add_perm("catalogue.change_local_services", is_site_staff | coordinates_process_over_area)
