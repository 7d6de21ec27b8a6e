"""Permissions of the accounts app."""

import rules

from socplan.core.permissions import is_site_staff

rules.add_perm("accounts.invite_site_user", is_site_staff)
rules.add_perm("accounts.view_audit", is_site_staff)
