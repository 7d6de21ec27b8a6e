import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socplan.analysis.demography import AreaNotFound, resolve_area
from socplan.analysis.profile import area_profile, area_profile_xlsx


class Command(BaseCommand):
    help = (
        "Write the profile of an area: population and age structure of the area, its "
        "municipalities and comparison levels (ORP, region, Czechia), social exclusion and "
        "the coverage by services. AREA is a planning area's address (slug) or an ORP code "
        "(6103). JSON keys are documented in the README."
    )

    def add_arguments(self, parser):
        parser.add_argument("area", help="planning area slug or ORP code")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--out", type=Path, help="file to write (default: standard output)")

    def handle(self, *args, area, format, out, **options):
        try:
            resolved = resolve_area(area)
        except AreaNotFound as exc:
            raise CommandError(str(exc)) from exc
        if format == "json":
            text = json.dumps(area_profile(resolved), ensure_ascii=False, indent=1)
            if out is None:
                self.stdout.write(text)
                return
            content = text.encode()
        else:
            if out is None:
                raise CommandError(_("XLSX needs --out FILE."))
            content = area_profile_xlsx(resolved)
        out.write_bytes(content)
        self.stderr.write(
            _("Written %(file)s (%(size)s bytes).") % {"file": out, "size": len(content)}
        )
