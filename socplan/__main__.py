"""The ``socplan`` console command: runs the project's management commands.

``socplan migrate``, ``socplan import_territory DIR``, ``socplan load_demo``,
``socplan serve`` ... are the same as ``python -m django <command>`` with socplan's settings.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socplan.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "socplan"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
