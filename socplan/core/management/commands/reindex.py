from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from socplan.core.maintenance import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search indexes (the catalogue's) from the data."

    def handle(self, *args, **options):
        for name, count in reindex_all().items():
            self.stdout.write(
                _("%(name)s: %(count)s objects indexed.") % {"name": name, "count": count}
            )
