"""Permissions of generated documents."""

import rules

from socplan.core.permissions import is_site_staff
from socplan.organisation.rules import is_coordinator

# catalogue booklet: anyone who sees the process downloads the latest booklet; its
# coordinators (and site staff) generate a new one
rules.add_perm("documents.generate_booklet", is_site_staff | is_coordinator)
