from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "socplan.organisation"
    label = "organisation"
    verbose_name = _("Planning processes")

    def ready(self):
        from socplan.accounts.sections import register_account_section
        from socplan.accounts.signals import invitation_accepted, invitation_checking
        from socplan.core.files import register_public_media
        from socplan.territory import processes

        from . import rules  # noqa: F401  (registers the permissions)
        from .directory import OrganisationDirectory
        from .services import on_invitation_accepted, on_invitation_checking
        from .views_roles import account_roles_section

        processes.register(OrganisationDirectory())
        # A process's logo is public (its pages and documents show it); nothing else it keeps
        # is served from MEDIA_ROOT.
        register_public_media("process-logos/")
        register_account_section(account_roles_section, slot="main")
        invitation_checking.connect(on_invitation_checking, dispatch_uid="organisation_roles")
        invitation_accepted.connect(on_invitation_accepted, dispatch_uid="organisation_roles")

    def load_demo(self, report):
        from . import demo, demo_minutes, demo_structure

        demo.load(report)
        demo_structure.load(report)  # groups, people, meetings
        demo_minutes.load(report)  # minutes, resolutions, tasks
