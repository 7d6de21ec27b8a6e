"""Query budgets of list pages for tests: a list page issues the same number of queries
whether it shows 2 rows or 20 (no query per row, including the permission checks of its
template). Each app's ``tests/test_query_budgets.py`` uses :func:`assert_flat_queries`."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str, *, method: str = "get", data=None) -> tuple[int, object]:
    """The number of queries one request makes, and its response (which must be 200)."""
    with CaptureQueriesContext(connection) as context:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries), context.captured_queries


def assert_flat_queries(
    client,
    url: str | Callable[[], str],
    add_rows: Callable[[int, int], object],
    *,
    slack: int = 0,
    expect: Callable[[str], bool] | None = None,
    few: int = 2,
    many: int = 20,
) -> int:
    """Build ``few`` rows, count the page's queries, build up to ``many`` rows, count again:
    the counts differ by at most ``slack``. ``add_rows(start, stop)`` builds rows number
    start..stop-1; ``expect(html)``, if given, checks that the rows are on the page (so the
    budget is not met by showing nothing). Returns the query count with ``many`` rows."""

    def measure():
        target = url() if callable(url) else url
        client.get(target)  # warm up once-per-process caches (content types, sessions)
        count, queries = count_queries(client, target)
        if expect is not None:
            html = client.get(target).content.decode()
            assert expect(html), f"the rows are not on {target}"
        return count, queries

    add_rows(0, few)
    few_count, few_queries = measure()
    add_rows(few, many)
    many_count, many_queries = measure()
    assert many_count <= few_count + slack, _explain(few_count, many_count, few_queries, many_queries)
    return many_count


def _explain(few_count, many_count, few_queries, many_queries) -> str:
    """The queries that the longer list added, most frequent first, to find the N+1."""
    import re
    from collections import Counter

    def shape(query):
        sql = re.sub(r"'[^']*'", "'?'", query["sql"])
        return re.sub(r"\b\d+\b", "N", sql)[:400]

    extra = Counter(shape(q) for q in many_queries)
    extra.subtract(Counter(shape(q) for q in few_queries))
    lines = [f"{n}× {sql}" for sql, n in extra.most_common(8) if n > 0]
    return f"{few_count} queries with few rows, {many_count} with many:\n" + "\n".join(lines)
