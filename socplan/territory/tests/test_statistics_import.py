"""Import of population by age and sex, the index of social exclusion and boundaries:
formats as published, errors with the file and row, nothing changed on failure,
idempotence, and the shipped reference dataset."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from socplan import testing
from socplan.core.demo import DemoReport
from socplan.territory import demo, reference
from socplan.territory.importers import ImportFileError
from socplan.territory.importers_statistics import (
    AGE_LARGE_FILE,
    AGE_SMALL_FILE,
    EXCLUSION_FILE,
    import_statistics,
)
from socplan.territory.models import AgeStructure, Boundary, Municipality, SocialExclusion

pytestmark = pytest.mark.django_db

BANDS = [f"{low}-{low + 4}" for low in range(0, 85, 5)] + ["85+"]
HEADER = ["POH", "ZUJ", "Obec", "Okres", "Kraj", "Celkem", *BANDS]


def _rows(code, name, men, women):
    total = [m + w for m, w in zip(men, women, strict=True)]
    return [
        ["celkem", code, name, "Pelhřimov", "Kraj Vysočina", sum(total), *total],
        ["muži", code, name, "Pelhřimov", "Kraj Vysočina", sum(men), *men],
        ["ženy", code, name, "Pelhřimov", "Kraj Vysočina", sum(women), *women],
    ]


def _sheet(path, title, header, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def _age_files(folder, *, small_rows=None):
    men, women = list(range(1, 19)), list(range(2, 20))
    _sheet(
        folder / AGE_SMALL_FILE,
        "do 999",
        HEADER,
        small_rows
        if small_rows is not None
        else _rows("548120", "Kejžlice", men, women) + _rows("568678", "Herálec", women, men),
    )
    # "nad 1000": single years, "X", then the bands (the bands are what is read)
    singles = [str(a) for a in range(85)] + ["85+"]
    header = ["POH", "ZUJ", "Obec", "Okres", "Kraj", "Celkem", *singles, "X", *BANDS]
    rows = []
    for row in _rows("547999", "Humpolec", [10 * v for v in men], [10 * v for v in women]):
        rows.append([*row[:6], *([0] * 85), 0, None, *row[6:]])
    _sheet(folder / AGE_LARGE_FILE, "nad 1000", header, rows)


def test_it_imports_the_age_spreadsheets_once(tmp_path):
    testing.make_territory()
    _age_files(tmp_path)

    report = import_statistics([tmp_path])

    assert report.age_structure.added == 6
    humpolec = AgeStructure.objects.get(municipality__code="547999", sex="m")
    assert humpolec.age_0_4 == 10 and humpolec.age_85_plus == 180 and humpolec.total == 1710
    assert humpolec.reference_date.isoformat() == "2020-12-31"
    again = import_statistics([tmp_path / AGE_SMALL_FILE, tmp_path / AGE_LARGE_FILE])
    assert (again.age_structure.added, again.age_structure.changed) == (0, 0)
    assert again.age_structure.unchanged == 6


@pytest.mark.parametrize(
    "broken, message",
    [
        (lambda r: r[1].__setitem__(7, "neuvedeno"), "5-9"),  # text in a number cell
        (lambda r: r[1].__setitem__(9, 999), "add up"),  # bands do not add up
        (lambda r: r[2].__setitem__(0, "děti"), "POH"),
        (lambda r: r[1].__setitem__(1, "5481"), "6-digit"),
    ],
)
def test_a_malformed_spreadsheet_names_file_and_row_and_changes_nothing(tmp_path, broken, message):
    testing.make_territory()
    _age_files(tmp_path)
    import_statistics([tmp_path])
    before = list(AgeStructure.objects.order_by("pk").values_list("pk", "total", "age_5_9"))
    men, women = list(range(1, 19)), list(range(2, 20))
    rows = _rows("548120", "Kejžlice", men, women) + _rows("568678", "Herálec", [0] * 18, women)
    broken(rows)
    _age_files(tmp_path, small_rows=rows)

    with pytest.raises(ImportFileError) as error:
        import_statistics([tmp_path])

    text = str(error.value)
    assert AGE_SMALL_FILE in text and message in text
    assert error.value.line in (2, 3, 4)
    after = list(AgeStructure.objects.order_by("pk").values_list("pk", "total", "age_5_9"))
    assert after == before


def test_text_in_the_school_columns_of_the_exclusion_index_is_kept_as_a_note(tmp_path):
    testing.make_territory()
    header = [
        "Kód obce",
        "Název obce",
        "Počet obyvyatel - starších 15 let (k 31. 12. 2023)",
        "Počet obyvyatel - 15 až 64 let (k 31. 12. 2023)",
        "Počet osob v exekuci (k 31. 12. 2023)",
        "% podíl obyvatel v exekuci (k 31. 12. 2023; vztaženo na obyvatelstvo 15+)",
        "Počet vyplacených PnB (průměrný měsíc r. 2023)",
        "% podíl příjemců PnB",
        "Počet vyplacených PnŽ (průměrný měsíc r. 2023)",
        "% podíl příjemců PnŽ",
        "Počet uchazečů o zaměstnání evidovaných ÚP déle než 6 měsíců (prosinec 2023)",
        "% podíl uchazečů o zaměstnání",
        "Počet předčasných odchodů ze ZŠ - běžné třídy (školní rok 2022/23)",
        "% podíl předčasných odchodů ze ZŠ",
        "Index soc. vyloučení 2023 (0-30 bodů)",
        "Index soc. vyloučení 2023 (4 kategorie bodů)",
    ]
    note = "Daná obec nemá na svém území ZŠ s běžnými třídami."
    rows = [
        [
            548120,
            "Kejžlice",
            280,
            200,
            9,
            3.2142857,
            1.5,
            0.53,
            0,
            0,
            2,
            1.0,
            note,
            note,
            3,
            "2 až 7",
        ],
        [
            547999,
            "Humpolec",
            9000,
            6700,
            300,
            3.33333333,
            40.25,
            0.44,
            5,
            0.05,
            60,
            0.9,
            4,
            2.5,
            9,
            "8 až 11",
        ],
    ]
    _sheet(tmp_path / EXCLUSION_FILE, "Index soc. vyloučení 2023", header, rows)

    import_statistics([tmp_path])

    kejzlice = SocialExclusion.objects.get(municipality__code="548120")
    assert kejzlice.early_school_leavers is None and kejzlice.school_note == note
    assert (kejzlice.points, kejzlice.category, kejzlice.debt_enforcement) == (3, "2 až 7", 9)
    assert kejzlice.debt_enforcement_share == 3.2143
    assert SocialExclusion.objects.get(municipality__code="547999").early_school_leavers == 4

    rows[1][4] = "hodně"
    _sheet(tmp_path / EXCLUSION_FILE, "Index soc. vyloučení 2023", header, rows)
    with pytest.raises(ImportFileError) as error:
        import_statistics([tmp_path])
    assert EXCLUSION_FILE in str(error.value) and error.value.line == 3


def test_the_command_reports_and_refuses_bad_input(tmp_path):
    testing.make_territory()
    _age_files(tmp_path)
    out = StringIO()
    call_command("import_statistics", str(tmp_path), "--no-progress", stdout=out)
    assert "6" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("import_statistics")
    (tmp_path / AGE_LARGE_FILE).unlink()
    with pytest.raises(CommandError, match="nothing was imported|nic nebylo"):
        call_command("import_statistics", str(tmp_path), "--no-progress")


def test_the_demo_brings_the_statistics_of_its_orp_without_overwriting(db):
    report = DemoReport()
    demo.load(report)
    assert report.created["population by age and sex record"] == 50
    assert report.created["social exclusion record"] == 25
    assert Boundary.objects.filter(level="municipality").count() == 25
    assert Boundary.objects.filter(level="orp", code="6103").exists()
    # figures imported later are kept by the next load of the demo
    row = AgeStructure.objects.get(municipality__code="547999", sex="f")
    row.total, row.age_85_plus = row.total + 1, row.age_85_plus + 1
    row.save()
    again = DemoReport()
    demo.load(again)
    assert not again.changed_anything
    row.refresh_from_db()
    assert row.age_85_plus == AgeStructure.objects.get(pk=row.pk).age_85_plus
    assert Municipality.objects.count() == 25


def test_boundaries_of_the_reference_dataset_decode_into_closed_rings():
    dataset = reference.read()
    code, name, encoded = dataset["boundaries"]["municipality"]["rows"][0]
    polygons = reference.decode_polygons(encoded)
    assert polygons and all(ring[0] == ring[-1] and len(ring) >= 4 for p in polygons for ring in p)
    lon, lat = polygons[0][0][0]
    assert 12 < lon < 19 and 48.5 < lat < 51.1
    assert json.dumps(dataset["sources"], ensure_ascii=False).count("ČSÚ") >= 2
