"""Indicators recomputed independently from the official files (ČSÚ spreadsheets and code
lists, read here with openpyxl and csv, not with the project's importers) and compared
with the shipped reference dataset, the analysis service, the page, the download and the
command, for several ORPs, their regions and Czechia."""

import csv
import io
import json
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from socplan import testing
from socplan.analysis import demography
from socplan.territory import reference
from socplan.territory.models import Municipality, PlanningArea
from socplan.testing.shared_data import path as shared_path

pytestmark = pytest.mark.shared_data("demography", "territory", "social-exclusion")

ORPS = ("6103", "6221", "3112", "1000")  # Humpolec, Židlochovice, Tábor, Praha
BANDS = [f"{low}-{low + 4}" for low in range(0, 85, 5)] + ["85+"]


@pytest.fixture(scope="module")
def sources():
    """Men and women by band per municipality, and the links to ORP and region."""
    people = {}
    for name in ("2020_vek_do_999.xlsx", "2020_vek_nad_1000.xlsx"):
        workbook = load_workbook(shared_path("demography", name), read_only=True, data_only=True)
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [str(h) for h in next(rows)]
        columns = [len(header) - 1 - header[::-1].index(band) for band in BANDS]
        for row in rows:
            if not row or row[0] not in ("muži", "ženy"):
                continue
            people.setdefault(str(row[1]), {})[row[0]] = [row[i] for i in columns]
        workbook.close()

    def links(file_name):
        text = shared_path("territory", file_name).read_bytes().decode("cp1250")
        reader = csv.DictReader(io.StringIO(text), delimiter=";")
        return {r["CHODNOTA1"]: r["CHODNOTA2"] for r in reader if r.get("CHODNOTA1")}

    orp_of = links("VAZ0043_0065_CS.csv")
    district_of = links("VAZ0043_0101_CS.csv")
    text = shared_path("territory", "VAZ0100_0101_CS.csv").read_bytes().decode("cp1250")
    region_of_district = {
        r["CHODNOTA2"]: r["CHODNOTA1"]
        for r in csv.DictReader(io.StringIO(text), delimiter=";")
        if r.get("CHODNOTA1")
    }
    region_of = {code: region_of_district.get(d) for code, d in district_of.items()}
    return people, orp_of, region_of


def indicators(people, codes) -> dict:
    bands = [0] * 18
    for code in codes:
        for sex in ("muži", "ženy"):
            for i, value in enumerate(people[code][sex]):
                bands[i] += value
    total = sum(bands)
    young, working, old, very_old = (
        sum(bands[:3]),
        sum(bands[3:13]),
        sum(bands[13:]),
        sum(bands[16:]),
    )
    return {
        "population": total,
        "age_0_14": young,
        "age_15_64": working,
        "age_65_plus": old,
        "age_80_plus": very_old,
        "age_85_plus": bands[17],
        "ageing_index": round(100 * old / young, 1),
        "old_age_dependency": round(100 * old / working, 1),
        "share_65_plus": round(100 * old / total, 1),
        "share_80_plus": round(100 * very_old / total, 1),
    }


def test_the_shipped_dataset_holds_the_figures_of_the_official_files(sources):
    people, _orp_of, _region_of = sources
    dataset = reference.read()
    shipped = {code: (men, women) for code, men, women in dataset["age"]["rows"]}
    assert set(shipped) == set(people)
    for code, (men, women) in shipped.items():
        assert men[1:] == people[code]["muži"], code
        assert women[1:] == people[code]["ženy"], code
    assert len(dataset["municipalities"]) == 6258
    assert dataset["sources"] and all(isinstance(s, str) for s in dataset["sources"])
    assert reference.DATA_FILE.stat().st_size < 3_000_000


def test_the_analysis_page_download_and_command_match_the_sources(sources, db, client):
    people, orp_of, region_of = sources
    reference.load()
    czechia = indicators(people, list(people))
    assert czechia["population"] == 10_701_777

    for orp in ORPS:
        codes = [c for c, o in orp_of.items() if o == orp]
        expected = indicators(people, codes)
        analysis = demography.demography(demography.resolve_area(orp))
        for name, value in expected.items():
            assert analysis.indicators[name] == value, (orp, name)
        regions = {region_of[c] for c in codes}
        for region in regions:
            level = analysis.level(f"region:{region}")
            in_region = [c for c, r in region_of.items() if r == region]
            assert level.available
            assert level.indicators["ageing_index"] == indicators(people, in_region)["ageing_index"]
            assert level.indicators["population"] == indicators(people, in_region)["population"]
        cz = analysis.level("cz")
        assert cz.available and cz.indicators["ageing_index"] == czechia["ageing_index"]

        out = StringIO()
        call_command("area_profile", orp, stdout=out)
        profile = json.loads(out.getvalue())
        assert profile["demography"]["area"]["indicators"]["population"] == expected["population"]
        assert profile["demography"]["comparison"][-1]["indicators"]["population"] == 10_701_777

    # the page and the download of an area made of Tábor's municipalities
    codes = [c for c, o in orp_of.items() if o == "3112"]
    area = PlanningArea.objects.create(name="Tábor", slug="tabor", kind="orp")
    area.municipalities.set(Municipality.objects.filter(code__in=codes))
    process = testing.make_process(area=area, slug="kpss-tabor")
    from socplan.accounts.models import Role

    user = _tabor_user()
    testing.grant_role(user=user, process=process, role=Role.COORDINATOR)
    client.force_login(user)
    expected = indicators(people, codes)
    page = client.get(reverse("analysis:demography", kwargs={"slug": "kpss-tabor"}))
    assert page.status_code == 200
    from django.utils.formats import localize

    assert localize(expected["population"]) in page.content.decode()
    csv_url = reverse(
        "analysis:demography_export",
        kwargs={"slug": "kpss-tabor", "table": "indicators", "format": "csv"},
    )
    rows = list(
        csv.reader(io.StringIO(client.get(csv_url).content.decode("utf-8-sig")), delimiter=";")
    )
    by_label = {row[0]: row[1:] for row in rows[1:]}
    population_row = next(v for k, v in by_label.items() if k in ("Počet obyvatel", "Population"))
    assert int(population_row[0]) == expected["population"]
    assert int(population_row[-1]) == czechia["population"]


def _tabor_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(email="tabor@example.org", password="x")


def test_social_exclusion_counts_the_people_of_the_upper_categories(db):
    source = shared_path("social-exclusion", "index_vylouceni_2023.xlsx")
    workbook = load_workbook(source, read_only=True, data_only=True)
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = next(rows)
    index = {name: i for i, name in enumerate(header)}
    by_orp = defaultdict(list)
    for row in rows:
        if row[0] is not None:
            by_orp[str(row[index["Kód ORP"]])].append(row)
    workbook.close()
    category = "Index soc. vyloučení 2023 (4 kategorie bodů)"
    population = "Počet obyvyatel - starších 15 let (k 31. 12. 2023)"
    orp = max(by_orp, key=lambda o: sum(r[index[category]] == "12 až 30" for r in by_orp[o]))
    reference.load(orp_codes={orp})
    analysis = demography.demography(demography.resolve_area(orp))
    upper = [r for r in by_orp[orp] if r[index[category]] in ("8 až 11", "12 až 30")]
    summary = analysis.exclusion_summary
    assert summary["municipalities_upper"] == len(upper) > 0
    assert summary["population_15_plus_upper"] == sum(r[index[population]] for r in upper)
