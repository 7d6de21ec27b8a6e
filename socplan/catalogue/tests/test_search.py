"""Full-text search (socplan/catalogue/search.py) on SQLite and PostgreSQL alike."""

import pytest
from django.db import connection

from socplan.catalogue import search
from socplan.catalogue.models import Service

from . import public_helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(db):
    return h.catalogue()


def names(query, queryset=None):
    queryset = Service.objects.all() if queryset is None else queryset
    return [Service.objects.get(pk=pk).name for pk in search.ranked_ids(queryset, query)]


def test_it_stems_czech_words_typed_without_diacritics():
    assert "senior" in search.stems("seniorum")
    assert "senior" in search.stems("seniory")
    assert "pecovatelsk" in search.stems("pečovatelská")
    assert "azyl" in search.stems("azylovych")


def test_it_finds_a_service_by_other_word_forms_without_diacritics(built):
    assert names("pecovatelska sluzba seniorum") == ["Pečovatelská služba pro seniory"]


def test_it_finds_a_service_with_diacritics_and_in_other_cases(built):
    assert names("Pečovatelskou službu") == ["Pečovatelská služba pro seniory"]
    assert names("PEČOVATELSKÉ") == ["Pečovatelská služba pro seniory"]


def test_it_matches_the_beginning_of_a_word(built):
    assert names("pecovat") == ["Pečovatelská služba pro seniory"]


def test_it_needs_every_word_of_the_query(built):
    assert names("senior krizova") == []


def test_it_searches_provider_kind_municipality_target_group_and_description(built):
    assert "Domov pro seniory Kejžlice" in names("prispevkova organizace")
    assert names("krizova pomoc") == ["Krizová pomoc Vysočina"]
    # Herálec: the facility of the local club; "pečující osoby": the target group
    assert names("heralec") == ["Klub seniorů Herálec"]
    assert set(names("pecujici osoby")) == {"Krizová pomoc Vysočina", "Poradna pro pečující"}
    assert names("nakupem uklidem") == ["Pečovatelská služba pro seniory"]


def test_it_ranks_a_match_in_the_name_above_a_match_elsewhere(built):
    found = names("senioru")
    # all three have "senior" in the name; the poradna (carers) does not mention seniors
    assert set(found[:3]) == {
        "Pečovatelská služba pro seniory",
        "Domov pro seniory Kejžlice",
        "Klub seniorů Herálec",
    }
    assert "Poradna pro pečující" not in found


def test_it_keeps_to_the_given_queryset(built):
    only_local = Service.objects.local()
    assert names("senior", only_local) == ["Klub seniorů Herálec"]


def test_an_empty_query_matches_everything_and_punctuation_nothing(built):
    assert len(search.ranked_ids(Service.objects.all(), "")) == 5
    assert search.ranked_ids(Service.objects.all(), "?! ..") == []


def test_it_survives_query_syntax_characters(built):
    for query in ['"senior', "senior*", "a OR b", "NOT senior", "(senior", "pro:senior", "'x'"]:
        search.ranked_ids(Service.objects.all(), query)  # no database error


def test_reindexing_picks_up_a_changed_text_and_drops_a_deleted_service(built):
    service = built["club"]
    Service.objects.filter(pk=service.pk).update(description="Svépomocná skupina")
    assert names("svepomocna") == []
    search.reindex_services([service.pk])
    assert names("svepomocnou skupinu") == ["Klub seniorů Herálec"]

    built["home"].delete()
    assert search.reindex_all() == 4
    assert names("kejzlice") == ["Pečovatelská služba pro seniory"]  # serves Kejžlice


def test_the_search_text_has_the_name_on_its_first_line(built):
    text = Service.objects.get(pk=built["care"].pk).search_text
    first, rest = text.split("\n")
    assert "pecovatelska" in first.split() and "pecovatelsk" in first.split()
    assert "humpolec" in rest.split()  # facility municipality
    assert "kejzlice" in rest.split()  # service-area row
    assert "pro" not in first.split()  # stop word


def test_it_forgives_a_typo_in_the_name_on_postgresql(built):
    if connection.vendor != "postgresql":
        pytest.skip("trigram similarity is a PostgreSQL feature")
    # no word matches: names similar to the query instead
    assert names("pecovatelka sluzba")[0] == "Pečovatelská služba pro seniory"
    assert names("domov pro senory") == ["Domov pro seniory Kejžlice"]
