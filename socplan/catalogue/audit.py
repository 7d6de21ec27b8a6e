"""The audit actions of the catalogue of social services (see :mod:`socplan.core.audit`)."""

from django.utils.translation import gettext_lazy as _

from socplan.core.audit import AuditAction


class CatalogueAction(AuditAction):
    REGISTRY_IMPORTED = "registry.imported", _("register of providers imported")
    CODELISTS_LOADED = "codelists.loaded", _("codelists loaded")
    LOCAL_SERVICE_CREATED = "local_service.created", _("local service created")
    LOCAL_SERVICE_UPDATED = "local_service.updated", _("local service changed")
    LIFE_SITUATION_CREATED = "life_situation.created", _("life situation created")
    LIFE_SITUATION_UPDATED = "life_situation.updated", _("life situation changed")
    LIFE_SITUATION_DELETED = "life_situation.deleted", _("life situation deleted")
    LIFE_SITUATIONS_COPIED = "life_situations.copied", _("life situations copied")
    LIFE_SITUATIONS_RESET = "life_situations.reset", _("nationwide life situations restored")
    PROVIDER_EDITOR_ADDED = "provider_editor.added", _("provider editor added")
    PROVIDER_EDITOR_REMOVED = "provider_editor.removed", _("provider editor removed")
    CHANGE_PROPOSAL_SUBMITTED = "change_proposal.submitted", _("change proposal submitted")
    CHANGE_PROPOSAL_SUGGESTED = "change_proposal.suggested", _("correction suggested")
    CHANGE_PROPOSAL_ACCEPTED = "change_proposal.accepted", _("change proposal accepted")
    CHANGE_PROPOSAL_REJECTED = "change_proposal.rejected", _("change proposal rejected")
    SERVICE_VERIFIED = "service.verified", _("service entry confirmed as current")
