"""Permissions of the library: documents, news, events, output indicators.

Coordinators manage documents, news and events of their process; a methodologist who
facilitates a group (membership with the role "methodologist", linked to their account)
uploads documents of that group and new versions of them; everybody with a part in the
process sees internal documents; the public sees public documents of published processes.
"""

import rules

from socplan.core.permissions import is_site_staff
from socplan.organisation.rules import (
    current_group_roles,
    facilitated_group_ids,
    has_process_role,
    is_coordinator,
    is_region_staff_of_process,
)


@rules.predicate
def is_group_member_in_process(user, process):
    """A current member of a group of the process (a person linked to the user's account)."""
    return process is not None and bool(current_group_roles(user, process.pk))


@rules.predicate
def facilitates_a_group(user, process):
    return bool(process is not None and facilitated_group_ids(user, process.pk))


@rules.predicate
def facilitates_documents_group(user, document):
    return bool(
        document is not None
        and document.group_id is not None
        and document.group_id in facilitated_group_ids(user, document.process_id)
    )


@rules.predicate
def coordinates_documents_process(user, document):
    return document is not None and is_coordinator(user, document.process)


@rules.predicate
def may_see_documents_process_internal(user, document):
    return document is not None and user.has_perm(
        "library.view_internal_documents", document.process
    )


@rules.predicate
def document_is_published(user, document):
    return bool(document is not None and document.is_public and document.process.is_published)


rules.add_perm("library.manage", is_site_staff | is_coordinator)
rules.add_perm("library.add_document", is_site_staff | is_coordinator | facilitates_a_group)
rules.add_perm(
    "library.change_document",
    is_site_staff | coordinates_documents_process | facilitates_documents_group,
)
rules.add_perm(
    "library.view_internal_documents",
    is_site_staff | has_process_role | is_region_staff_of_process | is_group_member_in_process,
)
rules.add_perm(
    "library.view_document",
    document_is_published | may_see_documents_process_internal,
)
rules.add_perm(
    "library.view_output_indicators", is_site_staff | is_coordinator | is_region_staff_of_process
)
