"""Query budgets of list pages, for tests: a list page issues the same number of queries
whether it shows 2 rows or 20 (no query per row, including the permission checks of its
template). Each app's ``tests/test_query_budgets.py`` uses :func:`assert_flat_queries`.

The warm-up request before each count keeps once-per-process work (content types, the
session, caches of fragments) out of the comparison."""

import re
from collections import Counter
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

Urls = str | list[str] | Callable[[], str | list[str]]


def count_queries(client, url: str) -> tuple[int, list[dict], str]:
    """The queries one GET makes, and the text of its response (which must be 200)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return (
        len(context.captured_queries),
        context.captured_queries,
        response.content.decode(errors="replace"),
    )


def assert_flat_queries(
    client,
    url: Urls,
    add_rows: Callable[[int, int], object],
    *,
    slack: int = 0,
    expect: Callable[[str], bool] | None = None,
    few: int = 2,
    many: int = 20,
) -> dict[str, int]:
    """Build ``few`` rows, count the queries of the page (or of each of several pages),
    build up to ``many`` rows, count again: the counts differ by at most ``slack``.

    ``client`` is a test client, or a dict of them by persona (each page is counted for
    each: the rows are built once for all of them).

    ``add_rows(start, stop)`` builds rows number start..stop-1; ``url`` is a URL, a list
    of them, or a function that returns either (for rows that make their own page);
    ``expect(text)``, if given, checks that the rows are on each page (so that no budget is
    met by showing nothing). Returns the query count of each page with ``many`` rows."""

    clients = client if isinstance(client, dict) else {"": client}

    def measure() -> list[tuple[str, int, list[dict]]]:
        targets = url() if callable(url) else url
        result = []
        for target in [targets] if isinstance(targets, str) else targets:
            for persona, persona_client in clients.items():
                label = f"{target} ({persona})" if persona else target
                persona_client.get(target)  # warm up once-per-process caches (content types)
                count, queries, text = count_queries(persona_client, target)
                if expect is not None:
                    assert expect(text), f"the rows are not on {label}"
                result.append((label, count, queries))
        return result

    add_rows(0, few)
    before = measure()
    add_rows(few, many)
    after = measure()
    problems = [_explain(b, a) for b, a in zip(before, after, strict=True) if a[1] > b[1] + slack]
    assert not problems, "\n\n".join(problems)
    return {target: count for target, count, _queries in after}


def _explain(before, after) -> str:
    """The queries that the longer list added, most frequent first, to find the N+1."""

    def shape(query):
        sql = re.sub(r"'[^']*'", "'?'", query["sql"])
        return re.sub(r"\b\d+\b", "N", sql)[:400]

    extra = Counter(shape(q) for q in after[2])
    extra.subtract(Counter(shape(q) for q in before[2]))
    lines = [f"{n}× {sql}" for sql, n in extra.most_common(8) if n > 0]
    heading = f"{after[0]}: {before[1]} queries with few rows, {after[1]} with many:"
    return "\n".join([heading, *lines])


def clients_of(personas: dict, client_for, *names: str) -> dict:
    """Signed-in test clients of some personas (``anonymous``: none), by persona."""
    return {name: client_for(personas[name]) for name in names}
