"""The fuzz run of the HSDS API (schemathesis) with its figures: requests tried per operation
and server errors. The same test runs, bounded, in `make test`
(socplan/api/tests/test_fuzz.py); here it can run longer.

    .venv/bin/python benchmarks/api_fuzz.py [--examples 40] [--database postgres://...]

Appends the figures to benchmarks/results.md ("API fuzz run").
"""

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=40, help="cases per operation")
    parser.add_argument("--database", default="", help="DATABASE_URL (default: SQLite)")
    args = parser.parse_args()
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
        env = {
            **os.environ,
            "SOCPLAN_FUZZ_EXAMPLES": str(args.examples),
            "SOCPLAN_FUZZ_REPORT": report.name,
        }
        if args.database:
            env["DATABASE_URL"] = args.database
        started = time.monotonic()
        result = subprocess.run(
            [
                str(ROOT / ".venv/bin/pytest"),
                "-n",
                "0",
                "-q",
                "-p",
                "no:cacheprovider",
                "socplan/api/tests/test_fuzz.py",
            ],
            cwd=ROOT,
            env=env,
            check=False,
        )
        elapsed = time.monotonic() - started
        figures = report.read().strip()
    engine = "PostgreSQL" if args.database.startswith("postgres") else "SQLite"
    load = os.getloadavg()[0]
    text = (
        f"\n## API fuzz run ({datetime.date.today()}, {engine}, load {load:.1f})\n\n"
        f"schemathesis, {args.examples} generated cases per operation (and its coverage "
        f"phase), checks: not a server error, status code, content type and body as the "
        f"OpenAPI document declares; {elapsed:.0f} s with the test database set-up "
        f"(pytest exit {result.returncode}).\n\n```\n{figures}\n```\n"
    )
    with open(ROOT / "benchmarks/results.md", "a", encoding="utf-8") as out:
        out.write(text)
    print(text)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
