import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socplan.library.exports import output_indicators_xlsx
from socplan.library.selectors import output_indicators, output_indicators_default_range
from socplan.organisation.models import PlanningProcess


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            _("Write dates as YYYY-MM-DD, e.g. 2019-01-31 (not %(value)s).") % {"value": value}
        ) from exc


class Command(BaseCommand):
    help = (
        "Compute the output indicators of a planning process for its funder (meetings, "
        "participants, trainings, public events, information materials) for a date range; "
        "print them or write XLSX."
    )

    def add_arguments(self, parser):
        parser.add_argument("process", help="the process's address (slug)")
        parser.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", help="last day, YYYY-MM-DD")
        parser.add_argument("--out", help="write an XLSX file instead of printing")

    def handle(self, *args, process, date_from, date_to, out, **options):
        obj = PlanningProcess.objects.filter(slug=process).first()
        if obj is None:
            raise CommandError(
                _("There is no process with the address %(slug)s.") % {"slug": process}
            )
        default_from, default_to = output_indicators_default_range(process=obj)
        start = _date(date_from) if date_from else default_from
        end = _date(date_to) if date_to else default_to
        if end < start:
            raise CommandError(_("The end of the range cannot be before its start."))
        result = output_indicators(process=obj, date_from=start, date_to=end)
        if out:
            Path(out).write_bytes(output_indicators_xlsx(process=obj, output_indicators=result))
            self.stdout.write(_("Written %(path)s.") % {"path": out})
            return
        for label, value in result.rows():
            self.stdout.write(f"{label}\t{value}")
