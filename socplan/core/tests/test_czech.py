"""The Czech vocative of people's names, for e-mails that address a person."""

import pytest
from django.utils import translation

from socplan.core.czech import addressed_name, vocative


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jana Nováková", "Jano Nováková"),
        ("Petr Novák", "Petře Nováku"),
        ("Pavel Černý", "Pavle Černý"),
        ("Marek Hájek", "Marku Hájku"),
        ("Tomáš Svoboda", "Tomáši Svobodo"),
        ("Jiří Dvořák", "Jiří Dvořáku"),
        ("Lucie Procházková", "Lucie Procházková"),
        ("Dagmar Malá", "Dagmar Malá"),
        ("Zdeněk Veselý", "Zdeňku Veselý"),
        ("Ondřej Král", "Ondřeji Krále"),
        ("Michal Bílek", "Michale Bílku"),
        ("Jan Dvořák", "Jane Dvořáku"),
        ("Karel Marek", "Karle Marku"),
        ("Anna Aktivní", "Anno Aktivní"),
        ("Oldřich Němec", "Oldřichu Němci"),
        ("Koordinátorka Nováková", "Koordinátorko Nováková"),
        ("Ing. Jan Malý", "Ing. Jane Malý"),
        ("", ""),
    ],
)
def test_the_vocative_of_czech_names(name, expected):
    assert vocative(name) == expected


def test_a_name_is_addressed_in_the_vocative_only_in_czech():
    with translation.override("cs"):
        assert addressed_name("Petr Novák") == "Petře Nováku"
    with translation.override("en"):
        assert addressed_name("Petr Novák") == "Petr Novák"
