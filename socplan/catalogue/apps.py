from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "socplan.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue of social services")

    def ready(self):
        # An accepted provider editor's invitation makes a ProviderEditor (catreview).
        from socplan.accounts.signals import invitation_accepted
        from socplan.core.files import register_public_media

        from . import rules  # noqa: F401  (registers the permissions)
        from .review import on_invitation_accepted

        # Photos of services are public once accepted; a proposed one is shown only to its
        # reviewers (catalogue:review_photo).
        register_public_media("catalogue/photos/", is_published_photo)

        invitation_accepted.connect(
            on_invitation_accepted, dispatch_uid="catalogue_provider_editor"
        )

        # An edited service makes the public catalogue read its data again (catsearch).
        from . import fragments
        from .search import connect_signals

        connect_signals()
        fragments.connect_signals()  # life situations shown on kept result pages

        # `socplan reindex` and `socplan restore` rebuild the search index.
        from socplan.core.maintenance import register_reindexer

        from .search import reindex_all

        register_reindexer("catalogue", reindex_all)

        # Links to a provider editor's services and to the review queue on "My account".
        from socplan.accounts.sections import register_account_section

        from .views_review import account_actions_section

        register_account_section(account_actions_section, slot="actions")

        # organisation fills in a provider's name by IČO (territory.providers).
        from socplan.territory.providers import register_provider_name_lookup

        from .selectors import provider_name_by_ico

        register_provider_name_lookup(provider_name_by_ico)

    def load_demo(self, report):
        from . import demo, demo_review

        demo.load(report)  # demo providers and services, life situations
        demo_review.load(report)  # a provider editor, a proposal, a change


def is_published_photo(name: str) -> bool:
    from .models import ServicePhoto

    return ServicePhoto.objects.filter(image=name).exists()
