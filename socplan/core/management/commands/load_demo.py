from django.core.management.base import BaseCommand

from socplan.core.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo planning process over ORP Humpolec (idempotent: a second run "
        "changes nothing). Made-up people and organisations are marked as demo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args, quiet_logins=False, **options):
        report = load_demo()
        if report.changed_anything:
            for label, count in report.created.items():
                self.stdout.write(f"  created {count} × {label}")
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already present: nothing changed.")
        if report.logins and not quiet_logins:
            self.stdout.write("\nDemo logins (made-up people, for trying socplan only):")
            for email, password, role in report.logins:
                self.stdout.write(f"  {email:<32} {password:<14} {role}")
