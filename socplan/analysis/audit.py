"""The audit actions of the analyses of a process (see :mod:`socplan.core.audit`)."""

from django.utils.translation import gettext_lazy as _

from socplan.core.audit import AuditAction


class AnalysisAction(AuditAction):
    SWOT_ITEM_CREATED = "swot_item.created", _("SWOT item written")
    SWOT_ITEM_UPDATED = "swot_item.updated", _("SWOT item changed")
    SWOT_ITEM_DELETED = "swot_item.deleted", _("SWOT item deleted")
    SWOT_ITEM_MERGED = "swot_item.merged", _("SWOT items merged")
    SWOT_ITEM_RATED = "swot_item.rated", _("SWOT item rated")
    SWOT_ITEM_TAKEN_OVER = "swot_item.taken_over", _("SWOT item taken into the process's SWOT")
    SWOT_APPROVED = "swot.approved", _("SWOT approved")
    SWOT_REOPENED = "swot.reopened", _("SWOT reopened")
    FINDING_CREATED = "finding.created", _("finding recorded")
    FINDING_UPDATED = "finding.updated", _("finding changed")
    FINDING_DELETED = "finding.deleted", _("finding deleted")
