"""The audit actions of planning areas and region staff (see :mod:`socplan.core.audit`)."""

from django.utils.translation import gettext_lazy as _

from socplan.core.audit import AuditAction


class TerritoryAction(AuditAction):
    PLANNING_AREA_CREATED = "planning_area.created", _("planning area created")
    PLANNING_AREA_UPDATED = "planning_area.updated", _("planning area changed")
    SUB_AREA_CREATED = "sub_area.created", _("sub-area created")
    SUB_AREA_UPDATED = "sub_area.updated", _("sub-area changed")
    SUB_AREA_DELETED = "sub_area.deleted", _("sub-area deleted")
    REGION_ROLE_GRANTED = "region_role.granted", _("region staff added")
    REGION_ROLE_CHANGED = "region_role.changed", _("region staff changed")
    REGION_ROLE_REVOKED = "region_role.revoked", _("region staff removed")
