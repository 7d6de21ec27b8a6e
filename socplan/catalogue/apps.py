from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "socplan.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue of social services")

    def ready(self):
        # An accepted provider editor's invitation makes a ProviderEditor (catreview).
        from socplan.accounts.signals import invitation_accepted

        from .review import on_invitation_accepted

        invitation_accepted.connect(
            on_invitation_accepted, dispatch_uid="catalogue_provider_editor"
        )

        # An edited service makes the public catalogue read its data again (catsearch).
        from .search import connect_signals

        connect_signals()
