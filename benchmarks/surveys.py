"""Benchmark: needs surveys at the size of a large regional survey.

Run on purpose, not in the test suite:

    .venv/bin/python benchmarks/surveys.py [--answers 10000] [--concurrent 200] [--no-append]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socplan_bench_surveys \
        .venv/bin/python benchmarks/surveys.py --no-http

1. Prepares a temporary installation (SOCPLAN_DATA_DIR in a temporary folder; SQLite, or the
   PostgreSQL database of DATABASE_URL, which is emptied by the migrations' flush), a
   planning area and process, and a survey of 30 questions of every kind, with
   ``--answers`` questionnaires written in bulk (random answers with a fixed seed).
2. Times the results of every question (counts, percentages, averages, charts) plus one
   cross-tab (a scale question by municipality), in process, best and median of 5 runs;
   target under 1 s.
3. Times the exports of the same: CSV and XLSX with the codebook; target under 5 s each.
4. Unless ``--no-http``: starts ``socplan serve`` (gunicorn, the production server) on the
   embedded SQLite database and sends ``--concurrent`` questionnaires at once from as many
   threads (each a browser: GET the form, POST it); every one must be saved (none lost).
   The rate limit is switched off for this run (RATELIMIT_ENABLED=0): every thread comes
   from 127.0.0.1, which the limit would rightly stop after 20.
5. Prints the figures and appends them to ``benchmarks/results.md``.
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results.md")
sys.path.insert(0, str(REPO))


def setup(data_dir: Path) -> None:
    os.environ["SOCPLAN_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socplan.settings")
    subprocess.run(
        [sys.executable, "-m", "socplan", "migrate", "--verbosity", "0"],
        env=os.environ,
        cwd=REPO,
        check=True,
    )
    import django

    django.setup()


def build_survey(answers: int):
    from socplan import testing
    from socplan.analysis import services_surveys as services
    from socplan.analysis.models_surveys import QuestionKind as K
    from socplan.analysis.models_surveys import SurveyResponse
    from socplan.catalogue.models import Codelist
    from socplan.testing.catalogue import item

    for code, name in [("2", "senioři"), ("13", "rodiny s dětmi"), ("24", "osoby s postižením")]:
        item(Codelist.TARGET_GROUP, code, name, order=int(code))
    process = testing.make_process()
    survey = services.survey_create(
        actor=None, process=process, title="Benchmark", is_collecting=True
    )
    opts = services.numbered
    kinds = [
        (K.SINGLE, {"options": opts(["ano", "ne", "nevím"])}),
        (K.MULTIPLE, {"options": opts([f"služba {i}" for i in range(1, 9)]), "allow_other": True}),
        (K.SCALE, {"options": opts(["1", "2", "3", "4", "5"])}),
        (
            K.MATRIX,
            {
                "options": opts(["dobrá", "spíše dobrá", "špatná"]),
                "rows": opts(["senioři", "rodiny", "mládež", "postižení"]),
            },
        ),
        (K.RANKING, {"options": opts(["doprava", "pomoc doma", "poradna", "bydlení"])}),
        (K.NUMBER, {"min_value": 0, "max_value": 1000}),
        (K.SHORT_TEXT, {}),
        (K.LONG_TEXT, {}),
        (K.MUNICIPALITY, {"attribute": "municipality"}),
        (K.TARGET_GROUP, {"attribute": "target_group"}),
    ]
    questions = []
    for index in range(30):
        kind, extra = kinds[index % len(kinds)]
        questions.append(
            services.question_create(
                actor=None, survey=survey, kind=kind, text=f"Otázka {index + 1}", **extra
            )
        )
    rng = random.Random(12)

    def answer(q):
        codes = [o["code"] for o in q.options]
        if q.kind in (K.SINGLE, K.SCALE, K.MUNICIPALITY, K.TARGET_GROUP):
            return rng.choice(codes)
        if q.kind == K.MULTIPLE:
            return rng.sample(codes, rng.randint(1, 3))
        if q.kind == K.MATRIX:
            return {r["code"]: rng.choice(codes) for r in q.rows}
        if q.kind == K.RANKING:
            order = rng.sample(range(1, len(codes) + 1), len(codes))
            return dict(zip(codes, order, strict=True))
        if q.kind == K.NUMBER:
            return rng.randint(0, 1000)
        return f"Odpověď {rng.randint(1, 10**6)}" if rng.random() < 0.3 else None

    batch = []
    start = datetime.date(2026, 3, 1)
    for i in range(answers):
        values = {q.code: answer(q) for q in questions}
        values = {k: v for k, v in values.items() if v is not None}
        batch.append(
            SurveyResponse(
                survey=survey,
                answers=values,
                channel=rng.choice(["web", "web", "paper"]),
                submitted_on=start + datetime.timedelta(days=i % 40),
                municipality=rng.choice(["547999", "548120", "568678"]),
                role=rng.choice(["user", "family", "public"]),
            )
        )
    SurveyResponse.objects.bulk_create(batch, batch_size=1000)
    return survey, questions


def timed(function, runs=5):
    """(best wall, median wall, best CPU) seconds: on a machine shared with other work
    the CPU time of this process (SQLite runs inside it) is the steadier figure."""
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return min(times), statistics.median(times), min(cpu)


def _post(base: str, path: str, data: dict, cookies: str, timeout: float) -> str:
    import urllib.parse
    import urllib.request

    body = urllib.parse.urlencode(data, doseq=True).encode()
    request = urllib.request.Request(
        base + path, data=body, headers={"Referer": base + path, "Cookie": cookies}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read().decode()


def http_load(data_dir: Path, survey, concurrent: int) -> dict:
    """Every visitor opens the form first (a few at a time: not measured), then all of
    them send it at the same moment."""
    import http.cookiejar
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    from socplan.analysis.models_surveys import SurveyResponse
    from socplan.testing.servers import forms_of, serving

    before = SurveyResponse.objects.filter(survey=survey).count()
    os.environ["RATELIMIT_ENABLED"] = "0"
    path = survey.get_public_url()
    outcomes: list[str] = []
    with serving(data_dir) as (base, _server):

        def open_form(index):
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            with opener.open(base + path, timeout=300) as response:
                html = response.read().decode()
            form = next(f for f in forms_of(html) if "website" in f["fields"])
            cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
            data = {**form["fields"], "q_Q1": "1", "q_Q6": str(index), "q_Q7": f"vlákno {index}"}
            return data, cookies

        with ThreadPoolExecutor(max_workers=8) as pool:
            prepared = list(pool.map(open_form, range(concurrent)))
        barrier = threading.Barrier(concurrent)

        def send(index):
            data, cookies = prepared[index]
            try:
                barrier.wait(timeout=120)
                page = _post(base, path, data, cookies, timeout=600)
                thanks = "Děkujeme" in page or "Thank you" in page
                outcomes.append("ok" if thanks else "other")
            except Exception as error:  # noqa: BLE001 (counted)
                outcomes.append(f"error: {error!r}")

        started = time.perf_counter()
        threads = [threading.Thread(target=send, args=(i,)) for i in range(concurrent)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=900)
        wall = time.perf_counter() - started
    after = SurveyResponse.objects.filter(survey=survey).count()
    return {
        "sent": concurrent,
        "ok": outcomes.count("ok"),
        "errors": [o for o in outcomes if o != "ok"][:5],
        "saved": after - before,
        "wall": wall,
    }


def _row(what, times, target) -> str:
    return f"| {what} | {times[0]:.2f} s | {times[1]:.2f} s | {times[2]:.2f} s | {target} |"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--concurrent", type=int, default=200)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--no-append", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="socplan-bench-surveys-") as tmp:
        data_dir = Path(tmp)
        setup(data_dir)
        from django.db import connection

        from socplan.analysis import selectors_surveys as selectors
        from socplan.analysis import surveys_exports

        started = time.perf_counter()
        survey, questions = build_survey(args.answers)
        build = time.perf_counter() - started
        scale = next(q for q in questions if q.kind == "scale")

        def results_and_crosstab():
            # as the results page does: the answers are read once for both
            qs = selectors.questions_of(survey)
            rows = selectors.response_rows(survey)
            selectors.survey_results(survey, questions=qs, rows=rows)
            selectors.crosstab(survey, scale, "attr:municipality", questions=qs, rows=rows)

        results = timed(results_and_crosstab)
        csv_time = timed(lambda: surveys_exports.csv_bytes(survey), runs=3)
        xlsx_time = timed(lambda: surveys_exports.xlsx_bytes(survey), runs=3)
        load = None
        if not args.no_http and connection.vendor == "sqlite":
            load = http_load(data_dir, survey, args.concurrent)
        vendor = connection.vendor
        lines = [
            "",
            f"## Needs surveys ({datetime.date.today().isoformat()}, {vendor}, "
            f"{platform.python_version()}, load {os.getloadavg()[0]:.1f})",
            "",
            f"{args.answers:,} questionnaires × 30 questions of every kind (written in bulk in "
            f"{build:.1f} s), `benchmarks/surveys.py`:",
            "",
            "| what | best (wall) | median (wall) | best (CPU of the process) | target |",
            "| --- | ---: | ---: | ---: | ---: |",
            _row("results of all 30 questions + one cross-tab", results, "< 1 s"),
            _row("export CSV", csv_time, "< 5 s"),
            _row("export XLSX with the codebook", xlsx_time, "< 5 s"),
        ]
        if load:
            lines += [
                "",
                f"{load['sent']} questionnaires sent at once over HTTP to `socplan serve` (SQLite, "
                f"rate limit off for the run): {load['ok']} answered with the thank-you page, "
                f"{load['saved']} saved, {load['sent'] - load['saved']} lost; "
                f"{load['wall']:.1f} s wall for all."
                + (f" Errors: {load['errors']}" if load["errors"] else ""),
            ]
        text = "\n".join(lines) + "\n"
        print(text)
        if not args.no_append:
            with RESULTS.open("a") as out:
                out.write(text)


if __name__ == "__main__":
    main()
