"""The territory import on the real ČSÚ files in ../shared/data/territory/.

The files are imported once for the module (committed outside the tests' transactions
and removed at the end); each test runs in its own transaction on top of them.
"""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from socplan.territory import services
from socplan.territory.importers import ImportFileError, import_territory
from socplan.territory.models import (
    District,
    Municipality,
    Orp,
    PlanningArea,
    Population,
    Region,
    SubArea,
)
from socplan.territory.selectors import (
    area_population_summary,
    municipalities_with_population,
    municipality_search,
)
from socplan.testing import shared_data

DATA_DIR = shared_data.path("territory")

pytestmark = pytest.mark.shared_data("territory")


def _wipe():
    SubArea.objects.all().delete()
    PlanningArea.objects.all().delete()
    Population.objects.all().delete()
    Municipality.objects.all().delete()
    Orp.objects.all().delete()
    District.objects.all().delete()
    Region.objects.all().delete()


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _wipe()
        report = import_territory(DATA_DIR)
    yield report
    with django_db_blocker.unblock():
        _wipe()


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "territory"
    shutil.copytree(DATA_DIR, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


def _snapshot():
    humpolec = Municipality.objects.get(code="547999")
    return {
        "municipalities": Municipality.objects.count(),
        "orps": Orp.objects.count(),
        "population": Population.objects.count(),
        "humpolec": (humpolec.name, humpolec.latitude, humpolec.orp_id),
        "humpolec_census": Population.objects.get(
            municipality=humpolec, source=Population.Source.CENSUS
        ).total,
    }


def _replace_line(path: Path, number: int, new: bytes) -> None:
    lines = path.read_bytes().split(b"\n")
    lines[number - 1] = new
    path.write_bytes(b"\n".join(lines))


def _line_of(path: Path, needle: bytes) -> int:
    for number, line in enumerate(path.read_bytes().split(b"\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_it_imports_the_national_code_lists(imported, db):
    assert imported.municipalities.added == 6258
    assert Municipality.objects.count() == 6258
    assert Orp.objects.count() == 206
    assert Region.objects.count() == 14
    assert District.objects.count() == 77
    assert not Region.objects.filter(name="Extra-Regio").exists()
    assert not District.objects.filter(name="Extra-Regio").exists()


def test_it_links_municipalities_to_their_orp(imported, db):
    assert Municipality.objects.filter(orp__code="6103").count() == 25
    assert Municipality.objects.filter(orp__code="3104").count() == 23
    zidlochovice = Orp.objects.get(code="6221")
    assert zidlochovice.name == "Židlochovice"
    assert zidlochovice.municipalities.count() == 24
    assert zidlochovice.municipalities.filter(code="583031", name="Holasice").exists()


def test_it_gives_orps_and_districts_their_region(imported, db):
    vysocina = Region.objects.get(nuts_code="CZ063")
    assert vysocina.name == "Kraj Vysočina"
    assert vysocina.ruian_code == "108"
    assert vysocina.code == "3107"
    assert Orp.objects.get(code="6103").region == vysocina
    assert Orp.objects.get(code="1000").region.nuts_code == "CZ010"  # Praha
    assert not Orp.objects.filter(region__isnull=True).exists()
    pelhrimov = District.objects.get(code="40673")
    assert (pelhrimov.name, pelhrimov.lau_code, pelhrimov.ruian_code) == (
        "Pelhřimov",
        "CZ0633",
        "3304",
    )
    assert pelhrimov.region == vysocina


def test_it_imports_the_census_by_age_band(imported, db):
    humpolec = Municipality.objects.get(code="547999")
    assert humpolec.name == "Humpolec"
    census = humpolec.population.get(source=Population.Source.CENSUS)
    assert census.year == 2021
    assert str(census.reference_date) == "2021-03-26"
    assert (census.total, census.age_0_14, census.age_15_64, census.age_65_plus) == (
        10835,
        1643,
        6714,
        2478,
    )
    assert Population.objects.filter(source=Population.Source.CENSUS).count() == 6254
    register = humpolec.population.get(source=Population.Source.REGISTER)
    assert register.year == 2020
    assert register.age_65_plus is None


def test_it_imports_coordinates_but_names_from_the_code_list(imported, db):
    praha = Municipality.objects.get(code="554782")
    assert praha.name == "Praha"
    assert not praha.has_point
    prerov = Municipality.objects.get(code="511382")
    assert prerov.name == "Přerov"  # coordinates.csv spells it PŘEROV
    humpolec = Municipality.objects.get(code="547999")
    assert humpolec.has_point
    assert humpolec.postcode == "39601"
    assert 49 < humpolec.latitude < 50
    assert Municipality.objects.filter(latitude__isnull=False).count() == 6257


def test_it_fills_the_search_name(imported, db):
    assert Municipality.objects.get(name="Kejžlice").search_name == "kejzlice"
    found, more = municipality_search(query="KEJZLICE")
    assert [m.name for m in found] == ["Kejžlice"]
    assert not more


def test_it_changes_nothing_on_a_second_import(imported, db):
    before = _snapshot()
    report = import_territory(DATA_DIR)
    assert report.total_added == 0
    assert report.total_changed == 0
    assert report.municipalities.unchanged == 6258
    assert _snapshot() == before


def test_it_reports_changes_and_municipalities_no_longer_listed_with_force(imported, db, data_copy):
    path = data_copy / "CIS0043_CS.csv"
    number = _line_of(path, b'"547999"')
    line = path.read_bytes().split(b"\n")[number - 1]
    _replace_line(path, number, line.replace(b'"Humpolec";"Humpolec"', b'"Humpolec";"Humpolec X"'))
    number = _line_of(path, b'"548120"')  # Kejžlice leaves the code list
    lines = path.read_bytes().split(b"\n")
    del lines[number - 1]
    path.write_bytes(b"\n".join(lines))
    for name in ("VAZ0043_0065_CS.csv", "VAZ0043_0101_CS.csv"):
        link = data_copy / name
        lines = link.read_bytes().split(b"\n")
        del lines[_line_of(link, b'"548120"') - 1]
        link.write_bytes(b"\n".join(lines))

    before = _snapshot()
    with pytest.raises(ImportFileError, match="6257 municipalities, fewer than the 6258"):
        import_territory(data_copy)  # one municipality fewer: refused without force
    assert _snapshot() == before
    report = import_territory(data_copy, force=True)

    assert report.municipalities.changed == 1
    assert report.municipalities.added == 0
    assert Municipality.objects.get(code="547999").name == "Humpolec X"
    assert Municipality.objects.get(code="547999").search_name == "humpolec x"
    assert report.no_longer_listed == ["Kejžlice (548120)"]
    assert Municipality.objects.filter(code="548120").exists()  # kept, not deleted


def test_it_skips_optional_files_that_are_absent(imported, db, data_copy):
    for name in ("sldb2021_vek.csv", "population.csv", "coordinates.csv"):
        (data_copy / name).unlink()
    report = import_territory(data_copy)
    assert report.total_changed == 0
    assert any("coordinates.csv" in note for note in report.notes)
    assert Municipality.objects.get(code="547999").has_point  # untouched


def test_it_requires_the_code_lists(imported, db, data_copy):
    (data_copy / "VAZ0043_0065_CS.csv").unlink()
    with pytest.raises(ImportFileError, match="VAZ0043_0065_CS.csv"):
        import_territory(data_copy)


def _call(directory):
    out = io.StringIO()
    call_command("import_territory", str(directory), "--no-progress", stdout=out)
    return out.getvalue()


def test_it_stops_on_a_bad_header(imported, db, data_copy):
    before = _snapshot()
    path = data_copy / "CIS0043_CS.csv"
    _replace_line(path, 1, path.read_bytes().split(b"\n")[0].replace(b"CHODNOTA", b"KOD"))
    with pytest.raises(CommandError) as exc:
        _call(data_copy)
    assert "CIS0043_CS.csv, line 1" in str(exc.value)
    assert "CHODNOTA" in str(exc.value)
    assert _snapshot() == before


def test_it_stops_on_a_non_numeric_census_value_and_changes_nothing(imported, db, data_copy):
    before = _snapshot()
    # a change that would be written if the import went through ...
    path = data_copy / "CIS0043_CS.csv"
    number = _line_of(path, b'"547999"')
    line = path.read_bytes().split(b"\n")[number - 1]
    _replace_line(path, number, line.replace(b'"Humpolec";"Humpolec"', b'"Humpolec";"Humpolec X"'))
    # ... and a broken census value
    census = data_copy / "sldb2021_vek.csv"
    number = _line_of(census, b'"2478"')
    line = census.read_bytes().split(b"\n")[number - 1]
    _replace_line(census, number, line.replace(b'"2478"', b'"2 47x"'))
    with pytest.raises(CommandError) as exc:
        _call(data_copy)
    assert f"sldb2021_vek.csv, line {number}" in str(exc.value)
    assert "hodnota" in str(exc.value)
    assert _snapshot() == before
    assert Municipality.objects.get(code="547999").name == "Humpolec"


def test_it_stops_on_a_truncated_row(imported, db, data_copy):
    before = _snapshot()
    path = data_copy / "VAZ0043_0101_CS.csv"
    lines = path.read_bytes().split(b"\n")
    lines[16] = b";".join(lines[16].split(b";")[:5])
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(CommandError) as exc:
        _call(data_copy)
    assert "VAZ0043_0101_CS.csv, line 17: expected 10 fields" in str(exc.value)
    assert _snapshot() == before


def test_it_explains_a_utf8_file_where_cp1250_is_expected(imported, db, data_copy):
    before = _snapshot()
    path = data_copy / "CIS0101_CS.csv"
    path.write_text(path.read_bytes().decode("cp1250"), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        _call(data_copy)
    message = str(exc.value)
    assert "CIS0101_CS.csv" in message
    assert "UTF-8" in message and "cp1250" in message
    assert _snapshot() == before


def test_it_rejects_the_wrong_file(imported, db, data_copy):
    shutil.copy(data_copy / "CIS0101_CS.csv", data_copy / "CIS0100_CS.csv")
    with pytest.raises(CommandError, match="CIS0100_CS.csv, line 1"):
        _call(data_copy)


def test_it_prints_a_report(imported, db):
    output = _call(DATA_DIR)
    assert "municipalities: 0 added, 0 changed, 6258 unchanged" in output
    assert "0 added, 0 changed." in output


def test_it_creates_an_area_from_a_real_orp(imported, db, staff):
    area = services.planning_area_create_from_orp(orp=Orp.objects.get(code="6103"), actor=staff)
    assert area.name == "ORP Humpolec"
    assert area.kind == PlanningArea.Kind.ORP
    assert area.municipalities.count() == 25
    summary = area_population_summary(area=area)
    assert summary.municipality_count == 25
    assert summary.census_year == 2021
    assert summary.total == sum(
        Population.objects.filter(
            municipality__orp__code="6103", source=Population.Source.CENSUS
        ).values_list("total", flat=True)
    )
    rows = municipalities_with_population(area=area, sort="-population")
    assert rows[0].code == "547999"
    assert rows[0].total == 10835
    assert rows[0].share_65_plus == pytest.approx(2478 / 10835)


def test_it_builds_a_mas_from_two_orps_in_the_browser_form(imported, db, client_for, staff):
    """Scenario 1: a MAS of 31 municipalities from two ORPs (all of Humpolec + 6 more)."""
    client = client_for(staff)
    humpolec = Orp.objects.get(code="6103")
    response = client.post(
        "/uzemi/novy/z-obci/",
        {"name": "MAS Test", "kind": "mas", "orp": humpolec.pk, "action": "add_orp"},
    )
    assert response.status_code == 200
    ticked = [m.pk for m in response.context["selected"]]
    assert len(ticked) == 25
    assert response.context["form"]["name"].value() == "MAS Test"
    others = list(
        Municipality.objects.filter(orp__code="6110").order_by("code").values_list("pk", flat=True)
    )[:6]
    response = client.post(
        "/uzemi/novy/z-obci/",
        {
            "name": "MAS Test",
            "kind": "mas",
            "description": "Our MAS",
            "municipalities": ticked + others,
            "action": "save",
        },
    )
    area = PlanningArea.objects.get(name="MAS Test")
    assert response.status_code == 302
    assert response["Location"] == area.get_absolute_url()
    assert area.kind == PlanningArea.Kind.MAS
    assert area.municipalities.count() == 31
    page = client.get(area.get_absolute_url())
    assert page.context["summary"].municipality_count == 31


def test_it_explains_a_bad_file_in_czech_by_default(imported, db, data_copy, settings):
    settings.LANGUAGE_CODE = "cs"
    before = _snapshot()
    path = data_copy / "VAZ0043_0101_CS.csv"
    lines = path.read_bytes().split(b"\n")
    lines[16] = b";".join(lines[16].split(b";")[:5])
    path.write_bytes(b"\n".join(lines))

    with pytest.raises(CommandError) as exc:
        _call(data_copy)

    assert "VAZ0043_0101_CS.csv, řádek 17: očekáváno 10 polí" in str(exc.value)
    assert "nic nebylo importováno" in str(exc.value)
    assert _snapshot() == before


def _truncate(path: Path, keep: int) -> None:
    """Cut a file short at a line boundary after ``keep`` lines (a broken download)."""
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join(lines[:keep]) + b"\n")


@pytest.mark.parametrize(
    ("name", "keep", "message"),
    [
        ("VAZ0043_0065_CS.csv", 1800, "municipalities of CIS0043_CS.csv have no link here"),
        ("VAZ0043_0101_CS.csv", 3000, "municipalities of CIS0043_CS.csv have no link here"),
        ("VAZ0100_0101_CS.csv", 40, "districts of CIS0101_CS.csv have no region here"),
        ("CIS0043_CS.csv", 5000, "the links name"),
    ],
)
def test_a_file_cut_short_at_a_line_is_refused_and_the_data_stays(
    imported, db, data_copy, name, keep, message
):
    before = _snapshot()
    orps_before = Municipality.objects.filter(orp__isnull=False).count()
    _truncate(data_copy / name, keep)
    with pytest.raises(CommandError) as exc:
        _call(data_copy)
    assert name in str(exc.value)
    assert message in str(exc.value)
    assert "nothing was imported" in str(exc.value)
    assert _snapshot() == before
    assert Municipality.objects.filter(orp__isnull=False).count() == orps_before == 6258


def test_force_does_not_take_files_that_disagree(imported, db, data_copy):
    before = _snapshot()
    _truncate(data_copy / "CIS0100_CS.csv", 10)  # regions cut short: districts lose theirs
    with pytest.raises(ImportFileError, match="VAZ0100_0101_CS.csv"):
        import_territory(data_copy, force=True)
    assert _snapshot() == before
