"""What the benchmarks share: the section of ``results.md`` that each appends.

A section is a heading with the date, the database, Python, the cores and the load of the
shared machine, an optional note, and a table of figures (:func:`write_section`).
"""

import datetime
import os
import platform
from pathlib import Path

RESULTS = Path(__file__).with_name("results.md")


def machine(vendor: str, *, load: bool = True) -> str:
    """ "sqlite, Python 3.11.7, 2 cores, load average 1.8" (the load of the last minute)."""
    text = f"{vendor}, Python {platform.python_version()}, {os.cpu_count()} cores"
    return f"{text}, load average {os.getloadavg()[0]:.1f}" if load else text


def write_section(
    title: str, vendor: str, columns: list[str], rows: list[str], *, note: str = "", load=True
) -> str:
    """Print a section of figures and append it to results.md: "## <title>, <date>
    (<machine>)", the note, and a table of ``columns`` whose ``rows`` are lines of
    Markdown ("| a | b |"). Returns the text."""
    lines = [f"\n## {title}, {datetime.date.today()} ({machine(vendor, load=load)})\n"]
    if note:
        lines.append(note.rstrip() + "\n")
    lines.append("| " + " | ".join(columns) + " |")
    lines.append("| " + " | ".join("---" for _ in columns) + " |")
    text = "\n".join(lines + rows) + "\n"
    print(text)
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(text)
    return text
