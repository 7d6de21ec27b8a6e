"""One Czech collation for every list, picker, table and export (core.collation): in
Python (``czech_sorted``) and in the database (``order_by(czech("name"))``, PostgreSQL's
ICU collation or the one core registers on each SQLite connection)."""

import pytest
from django.db import connection

from socplan.core.collation import CZECH_COLLATION, czech_sort_key, czech_sorted

# Czech order: Cejle < Čejov (č after c), Hořice < Chotěboř (ch after h), Rynárec < Řečice
# (ř after r), Zhoř < Žirovnice (ž after z). Plain code-point or case-folded order puts
# "Chotěboř" before "Hořice" and every name with a háček after "Z".
NAMES = ["Žirovnice", "Chotěboř", "Řečice", "Zhoř", "Čejov", "Hořice", "Rynárec", "Cejle"]
CZECH_ORDER = ["Cejle", "Čejov", "Hořice", "Chotěboř", "Rynárec", "Řečice", "Zhoř", "Žirovnice"]


def test_czech_sorted_puts_ch_after_h_and_hacek_letters_after_their_base():
    assert czech_sorted(NAMES) == CZECH_ORDER
    assert sorted(NAMES) != CZECH_ORDER  # the class of bug: code-point order
    assert czech_sorted([{"n": n} for n in NAMES], key=lambda row: row["n"]) == [
        {"n": n} for n in CZECH_ORDER
    ]
    assert czech_sort_key("šípek") > czech_sort_key("sova")
    assert czech_sort_key(None) == czech_sort_key("")


@pytest.mark.django_db
def test_the_database_sorts_with_the_same_collation():
    with connection.cursor() as cursor:
        values = " UNION ALL ".join("SELECT %s AS name" for _ in NAMES)
        quoted = connection.ops.quote_name(CZECH_COLLATION)
        cursor.execute(
            f"SELECT name FROM ({values}) AS names ORDER BY name COLLATE {quoted}", NAMES
        )
        assert [row[0] for row in cursor.fetchall()] == CZECH_ORDER
