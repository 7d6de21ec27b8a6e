"""Benchmark: searching the public catalogue at national scale under concurrent load.

Run on purpose, not in the test suite:

    .venv/bin/python benchmarks/catalogue_search.py [--data-dir DIR] [--duration 20]

1. Prepares a temporary SQLite installation (SOCPLAN_DATA_DIR in a temporary folder, or
   ``--data-dir`` to reuse one prepared before): migrations, the national territory from
   ``../shared/data/territory``, and a register file of national size written by the
   generator of ``benchmarks/registry_import.py`` (6,733 services, 18,907 facilities),
   imported with ``socplan import_registry`` (which also builds the search index).
2. Starts ``socplan serve`` (gunicorn; ``--workers`` and ``--threads`` as serve's own
   defaults unless given: one process per core, two threads each) on 127.0.0.1 and a free
   port.
3. Runs ``wrk`` (8 connections, 2 threads, fixed duration) with a Lua script that cycles
   through catalogue searches with text, facets and a municipality, then the same against
   a trivial page of the same server (the accessibility statement). Without wrk (or with
   ``--tool python``) 8 asyncio clients of this script do the same: each a kept-alive
   connection sending its next request when the last is answered.
4. Prints the targets (search p95 within 2 times the trivial page's p95, at least half of
   its requests per second), the figures and their ratios, and appends them with
   p50/p95/p99 latency and requests per second to ``benchmarks/results.md``.

With ``--fresh`` each round also loads the server with about 2,000 distinct searches (the
same searches on 100 pages, others in each round), more than the processes keep: what a
search costs when its page is rendered afresh (its cards and filters still kept).

The searches are run twice: "cold" with every distinct request computed (the first pass,
measured by a single client with http.client), and under load by wrk.
"""

import argparse
import asyncio
import datetime
import http.client
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results.md")
TERRITORY = REPO.parent / "shared" / "data" / "territory"
CONNECTIONS = 8
LOAD_TOOLS = {
    "wrk": "wrk",
    "python": "the benchmark's own asyncio clients (kept-alive connections, wrk not installed)",
}


def socplan(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "socplan", *args], env=env, check=True, cwd=REPO, **kwargs
    )


def prepare(env) -> None:
    """Migrations, the territory and a national register file, imported."""
    socplan(env, "migrate", "--verbosity", "0")
    script = f"""
import os, sys, django
sys.path.insert(0, {str(REPO / "benchmarks")!r})
django.setup()
from pathlib import Path
from socplan.territory.models import Municipality
from socplan.catalogue.models import Service
from registry_import import generate
if Service.objects.count() >= 6000:
    print("catalogue present"); sys.exit(0)
municipalities = [
    (code, region or "")
    for code, region in Municipality.objects.values_list("code", "district__region__ruian_code")
]
path = Path(os.environ["SOCPLAN_DATA_DIR"]) / "rpss-bench.json"
generate(path, municipalities, seed=1)
print(path)
"""
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django,sys;django.setup();"
            "from socplan.territory.models import Municipality as M;"
            "sys.exit(0 if M.objects.exists() else 1)",
        ],
        env=env,
        cwd=REPO,
    )
    if check.returncode != 0:
        socplan(env, "import_territory", "--no-progress", str(TERRITORY), stdout=subprocess.DEVNULL)
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if out.endswith(".json"):
        started = time.perf_counter()
        socplan(env, "import_registry", "--no-progress", out, stdout=subprocess.DEVNULL)
        print(f"imported the generated register in {time.perf_counter() - started:.0f} s")
        Path(out).unlink()


def search_paths(env) -> list[str]:
    """Catalogue searches: text, facets, municipality, sorting (ids read from the DB)."""
    script = """
import django, json
django.setup()
from socplan.catalogue.models import CodelistItem
from socplan.territory.models import Municipality
ids = lambda qs: list(qs.values_list("pk", flat=True))
print(json.dumps({
  "kinds": ids(CodelistItem.objects.kinds().filter(is_known=True)),
  "groups": ids(CodelistItem.objects.target_groups().filter(is_known=True)),
  "forms": ids(CodelistItem.objects.forms()),
  "municipalities": list(Municipality.objects.filter(
      name__in=["Humpolec", "Pelhřimov", "Jihlava", "Tábor", "Kejžlice", "Brno", "Aš"]
  ).values_list("code", flat=True)),
}))
"""
    import json

    data = json.loads(
        subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    texts = [
        "pecovatelska sluzba seniorum",
        "domov pro seniory",
        "poradenstvi",
        "krizova pomoc",
        "osobni asistence",
        "azylovy dum",
        "socialni rehabilitace",
        "odlehcovaci sluzby",
        "pobytova",
        "poskytovatel 12",
    ]
    paths = []
    for n, text in enumerate(texts):
        params = [("q", text)]
        if n % 2 == 0:
            params.append(("target_group", data["groups"][n % len(data["groups"])]))
        if n % 3 == 0:
            params.append(("form", data["forms"][n % len(data["forms"])]))
        if n % 4 == 1 and data["municipalities"]:
            params.append(("municipality", data["municipalities"][n % len(data["municipalities"])]))
            params.append(("sort", "distance"))
        paths.append("/katalog/?" + urlencode(params))
    for n, kind in enumerate(data["kinds"][:10]):
        params = [("kind", kind)]
        if data["municipalities"]:
            params.append(("municipality", data["municipalities"][n % len(data["municipalities"])]))
        paths.append("/katalog/?" + urlencode(params))
    paths.append("/katalog/")
    paths.append("/katalog/?page=5")
    return paths


def fresh_paths(paths: list[str], round_: int = 0) -> list[str]:
    """Searches that no process has kept: every search of ``paths`` on 100 pages (a page
    past the last shows the last one, but is another address, so another page to render),
    more distinct pages than the processes keep (``fragments.PAGES``), page after page so
    that none comes back soon; other pages in each round."""
    found = []
    for page in range(1 + 100 * round_, 101 + 100 * round_):
        for path in paths:
            if "page=" not in path:
                found.append(f"{path}{'&' if '?' in path else '?'}page={page}")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout=60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/pristupnost/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not start")


def cold_pass(port: int, paths: list[str]) -> tuple[float, float]:
    """Each distinct search once, one client: median and max latency (ms)."""
    times = []
    for path in paths:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        times.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
    return statistics.median(times), max(times)


LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT p50=%%.1f p95=%%.1f p99=%%.1f rps=%%.1f n=%%d errors=%%d\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6),
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
"""


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of a process and its child processes (the server's
    processes; Linux /proc)."""
    pids = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int(_stat(int(entry.name))[1]) == pid:
                    pids.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    total = 0
    for each in pids:
        try:
            fields = _stat(each)
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


async def _client(port: int, paths: list[str], offset: int, until: float, latencies, errors):
    """One client: a kept-alive connection, requests one after another (as wrk's)."""
    reader = writer = None
    i = offset
    while time.perf_counter() < until:
        path = paths[i % len(paths)]
        i += 1
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                "Accept: text/html\r\n\r\n".encode()
            )
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            headers = {
                k.strip().lower(): v.strip()
                for k, _, v in (
                    line.decode("latin-1").partition(":") for line in head.split(b"\r\n")[1:]
                )
                if k
            }
            if "content-length" in headers:
                await reader.readexactly(int(headers["content-length"]))
            elif headers.get("transfer-encoding") == "chunked":
                while True:
                    size = int((await reader.readline()).split(b";")[0], 16)
                    await reader.readexactly(size + 2)
                    if size == 0:
                        break
            else:  # the body ends with the connection
                await reader.read()
                writer.close()
                writer = None
            if headers.get("connection", "").lower() == "close" and writer is not None:
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, ValueError):
            errors.append(path)
            if writer is not None:
                writer.close()
            writer = None
            continue
        latencies.append(time.perf_counter() - started)
        if status != 200:
            errors.append(path)
    if writer is not None:
        writer.close()


def run_python_load(port: int, paths: list[str], duration: int) -> dict:
    """wrk's measurement without wrk: CONNECTIONS clients (asyncio in this process), each
    with a kept-alive connection sending its next request as soon as the last one is
    answered, for ``duration`` seconds; latency percentiles and requests per second. The
    generator's own CPU time is returned too (it shares the machine with the server)."""
    latencies: list[float] = []
    errors: list[str] = []

    async def load() -> float:
        until = time.perf_counter() + duration
        started = time.perf_counter()
        await asyncio.gather(
            *(_client(port, paths, n * 3, until, latencies, errors) for n in range(CONNECTIONS))
        )
        return time.perf_counter() - started

    cpu = time.process_time()
    elapsed = asyncio.run(load())
    cpu = time.process_time() - cpu
    ordered = sorted(latencies)

    def percentile(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] * 1000

    return {
        "p50": percentile(50),
        "p95": percentile(95),
        "p99": percentile(99),
        "rps": len(latencies) / elapsed,
        "n": float(len(latencies)),
        "errors": float(len(errors)),
        "client_cpu_ms": cpu * 1000 / max(len(latencies), 1),
    }


def run_load(
    port: int, paths: list[str], duration: int, workdir: Path, pid: int, tool: str
) -> dict:
    """``tool``: "wrk" or "python" (:func:`run_python_load`)."""
    cpu_before = cpu_seconds(pid)
    load_before = os.getloadavg()[0]
    if tool == "python":
        result = run_python_load(port, paths, duration)
    else:
        result = run_wrk(port, paths, duration, workdir)
    result["cpu_ms"] = (cpu_seconds(pid) - cpu_before) * 1000 / max(result["n"], 1)
    result["load"] = (load_before + os.getloadavg()[0]) / 2
    return result


def run_wrk(port: int, paths: list[str], duration: int, workdir: Path) -> dict:
    script = workdir / "paths.lua"
    script.write_text(LUA % ", ".join(f'"{p}"' for p in paths), encoding="utf-8")
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    match = re.search(
        r"RESULT p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) rps=([\d.]+) n=(\d+) errors=(\d+)", out
    )
    if not match:
        raise SystemExit(out)
    keys = ["p50", "p95", "p99", "rps", "n", "errors"]
    return dict(zip(keys, map(float, match.groups()), strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="reuse (or prepare) this SOCPLAN_DATA_DIR")
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="search/trivial pairs of runs")
    parser.add_argument(
        "--workers", type=int, default=None, help="processes of socplan serve (its default)"
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="threads per process (serve's default)"
    )
    parser.add_argument(
        "--results", default=str(RESULTS), help="file the section is appended to (results.md)"
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="also load the server with searches none of its processes has kept",
    )
    parser.add_argument(
        "--tool",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator: wrk, or this script's own asyncio clients (auto: wrk when installed)",
    )
    args = parser.parse_args()
    tool = args.tool
    if tool == "auto":
        tool = "wrk" if shutil.which("wrk") else "python"
    if tool == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed")
    own_dir = args.data_dir is None
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="socplan-search-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "SOCPLAN_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "socplan.settings",
    }
    env.pop("DATABASE_URL", None)  # the embedded set-up: SQLite
    env.pop("DEBUG", None)
    env.setdefault("SECURE_COOKIES", "")
    server = None
    try:
        prepare(env)
        paths = search_paths(env)
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "socplan",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                *(["--workers", str(args.workers)] if args.workers else []),
                *(["--threads", str(args.threads)] if args.threads else []),
                "--no-worker",
            ],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(port)
        # the first search builds the facet index of the catalogue (then kept in the cache)
        first, _ = cold_pass(port, ["/katalog/?q=senior"])
        cold_median, cold_max = cold_pass(port, paths)
        rounds = []
        for n in range(args.rounds):
            # alternating, so that both pages see the same changes of the machine's load
            search = run_load(port, paths, args.duration, data_dir, server.pid, tool)
            trivial = run_load(port, ["/pristupnost/"], args.duration, data_dir, server.pid, tool)
            fresh = None
            if args.fresh:
                fresh = run_load(
                    port, fresh_paths(paths, n), args.duration, data_dir, server.pid, tool
                )
            rounds.append((search, trivial, fresh))
        processes = len(
            [p for p in Path("/proc").iterdir() if p.name.isdigit() and _is_child(p, server.pid)]
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if own_dir:
            shutil.rmtree(data_dir, ignore_errors=True)
    client_note = ""
    if tool == "python":
        client_ms = statistics.mean(r["client_cpu_ms"] for pair in rounds for r in pair[:2])
        client_note = f", using {client_ms:.1f} ms of CPU per request itself"
    text = (
        f"\n## Catalogue search under load, {datetime.datetime.now():%Y-%m-%d %H:%M} (sqlite, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores)\n\n"
        f"National-scale catalogue (generated register: 6733 services, 18907 facilities), "
        f"`socplan serve` (gunicorn, {processes} server processes, "
        f"{args.threads or 'default'} threads each), "
        f"{LOAD_TOOLS[tool]} with {CONNECTIONS} connections for "
        f"{args.duration} s per row, cycling through {len(paths)} distinct searches (text, "
        f"facets, municipality, distance sort, pagination), alternating with a trivial page "
        f"of the same server. The first search after the "
        f"start: {first:.0f} ms; then each distinct search once, one client: median "
        f"{cold_median:.0f} ms, slowest {cold_max:.0f} ms. "
        f'"Server CPU" is the CPU time of the server\'s processes per '
        f'request; "load" is the machine\'s 1-minute load average during the run (the '
        f"machine is shared, and the load generator runs on it too" + client_note + ").\n\n"
        "| round | page | p50 | p95 | p99 | requests/s | requests | errors | server CPU | load |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
    )
    for n, (search, trivial, fresh) in enumerate(rounds, 1):
        rows = [("catalogue searches", search), ("trivial page (/pristupnost/)", trivial)]
        if fresh:
            rows.append((f"searches never kept ({len(fresh_paths(paths))} distinct)", fresh))
        for label, r in rows:
            text += (
                f"| {n} | {label} | {r['p50']:.0f} ms | {r['p95']:.0f} ms | {r['p99']:.0f} ms | "
                f"{r['rps']:.0f} | {r['n']:.0f} | {r['errors']:.0f} | {r['cpu_ms']:.1f} ms | "
                f"{r['load']:.1f} |\n"
            )
    text += (
        "\n| round | figure | target | measured | ratio | met |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
    )
    for n, (search, trivial, _fresh) in enumerate(rounds, 1):
        p95 = search["p95"] / trivial["p95"]
        rps = search["rps"] / trivial["rps"]
        text += (
            f"| {n} | search p95 / trivial p95 | at most 2 | {search['p95']:.0f} ms / "
            f"{trivial['p95']:.0f} ms | {p95:.2f} | {'yes' if p95 <= 2 else 'no'} |\n"
            f"| {n} | search requests/s / trivial requests/s | at least 0.5 | "
            f"{search['rps']:.0f} / {trivial['rps']:.0f} | {rps:.2f} | "
            f"{'yes' if rps >= 0.5 else 'no'} |\n"
        )
    # Load-independent figures: the server's CPU per request bounds its requests per second
    # once its processes have the cores to themselves; and the median over the rounds.
    cpu = statistics.median(t["cpu_ms"] / s["cpu_ms"] for s, t, _f in rounds)
    p95s = statistics.median(s["p95"] / t["p95"] for s, t, _f in rounds)
    rpss = statistics.median(s["rps"] / t["rps"] for s, t, _f in rounds)
    text += (
        f"| all | search p95 / trivial p95, median of the rounds | at most 2 | | {p95s:.2f} | "
        f"{'yes' if p95s <= 2 else 'no'} |\n"
        f"| all | search requests/s / trivial requests/s, median of the rounds | at least 0.5 "
        f"| | {rpss:.2f} | {'yes' if rpss >= 0.5 else 'no'} |\n"
        f"| all | trivial server CPU / search server CPU (requests/s ratio on an idle machine), "
        f"median | at least 0.5 | | {cpu:.2f} | {'yes' if cpu >= 0.5 else 'no'} |\n"
    )
    print(text)
    with Path(args.results).open("a", encoding="utf-8") as handle:
        handle.write(text)


def _is_child(entry: Path, pid: int) -> bool:
    try:
        return int(_stat(int(entry.name))[1]) == pid
    except (OSError, IndexError, ValueError):
        return False


if __name__ == "__main__":
    main()
