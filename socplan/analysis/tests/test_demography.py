"""The sociodemographic analysis of the demo area: the service, its pages, downloads and
``socplan area_profile`` show the same figures."""

import csv
import io
import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.formats import localize
from openpyxl import load_workbook

from socplan.analysis import demography
from socplan.analysis.profile import area_profile

pytestmark = pytest.mark.django_db

SLUG = "kpss-orp-humpolec"
# ČSÚ, 31 Dec 2020, ORP Humpolec (checked in shared/data/demography/README.md)
HUMPOLEC = {
    "population": 17918,
    "age_0_14": 2816,
    "age_15_64": 11290,
    "age_65_plus": 3812,
    "age_80_plus": 879,
    "ageing_index": 135.4,
    "old_age_dependency": 33.8,
}


@pytest.fixture
def coordinator_client(shared_demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email="koordinatorka@demo.socplan.cz"))
    return client


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_demo_area_has_the_figures_of_czso(shared_demo):
    analysis = demography.demography(demography.resolve_area("orp-humpolec"))
    for name, value in HUMPOLEC.items():
        assert analysis.indicators[name] == value, name
    assert analysis.indicators["men"] + analysis.indicators["women"] == 17918
    assert len(analysis.municipalities) == 25 and not analysis.missing
    # the demo does not hold the whole country: no comparison pretends to
    assert [level.available for level in analysis.levels[1:]] == [False, False]
    assert analysis.exclusion_summary["municipalities"] == 25
    assert len(analysis.boundaries) == 25
    # ranked by the share of 65+, highest first
    shares = [row.indicators["share_65_plus"] for row in analysis.municipalities]
    assert shares == sorted(shares, reverse=True)


def test_an_orp_code_and_the_slug_give_the_same_profile(shared_demo):
    by_slug = area_profile("orp-humpolec")
    by_code = area_profile("6103")
    assert by_code["area"]["kind"] == "orp"
    assert (
        by_slug["demography"]["area"]["indicators"] == by_code["demography"]["area"]["indicators"]
    )
    assert by_code["demography"]["area"]["indicators"]["population"] == 17918
    with pytest.raises(demography.AreaNotFound):
        demography.resolve_area("9999")


def test_indicator_keys_give_live_values(shared_demo):
    area = demography.resolve_area("orp-humpolec")
    value = demography.indicator_value(area, "demography.ageing_index")
    assert (value.value, value.date.isoformat()) == (135.4, "2020-12-31")
    assert demography.indicator_value("orp-humpolec", "share_65_plus").value == round(
        100 * 3812 / 17918, 1
    )
    town = demography.indicator_value(area, "demography.population:547999")
    assert town.value == analysis_population("547999")
    assert demography.indicator_value(area, "demography.share_65_plus@cz") is None
    assert demography.indicator_value(area, "exclusion.municipalities_upper").value == 0
    assert demography.indicator_value(area, "demography.unknown") is None


def analysis_population(code):
    from socplan.territory.models import AgeStructure

    return sum(
        AgeStructure.objects.filter(municipality__code=code, year=2020).values_list(
            "total", flat=True
        )
    )


def test_the_page_shows_the_figures_charts_and_tables(coordinator_client):
    response = coordinator_client.get(reverse("analysis:demography", kwargs={"slug": SLUG}))
    assert response.status_code == 200
    text = _text(response)
    assert localize(17918) in text
    assert localize(135.4) in text and localize(33.8) in text
    assert text.count("<svg") >= 2  # pyramid and map (comparison charts need national data)
    assert 'role="img"' in text and "<desc>" in text
    assert text.count('<path d="M') == 25  # every municipality on the map
    assert '<th scope="col"' in text and "<caption>" in text
    assert "národní data nejsou načtena" in text or "national data not loaded" in text
    # the map of the index of social exclusion
    response = coordinator_client.get(
        reverse("analysis:demography", kwargs={"slug": SLUG}) + "?mapa=exclusion"
    )
    assert "2023" in _text(response)


def test_the_tables_download_with_the_same_figures(coordinator_client):
    analysis = demography.demography(demography.resolve_area("orp-humpolec"))
    url = reverse(
        "analysis:demography_export",
        kwargs={"slug": SLUG, "table": "municipalities", "format": "csv"},
    )
    response = coordinator_client.get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 25
    by_code = {row[2]: row for row in rows[1:]}
    for row in analysis.municipalities:
        assert int(by_code[row.municipality.code][3]) == row.indicators["population"]
    assert sum(int(r[3]) for r in rows[1:]) == 17918

    url = reverse(
        "analysis:demography_export", kwargs={"slug": SLUG, "table": "vse", "format": "xlsx"}
    )
    workbook = load_workbook(io.BytesIO(coordinator_client.get(url).content))
    assert len(workbook.sheetnames) == 5
    bands = workbook.worksheets[1]
    total_row = [c.value for c in list(bands.iter_rows(min_row=2, max_row=20))[-1]]
    assert total_row[1:] == [8954, 8964, 17918]
    bad = reverse(
        "analysis:demography_export", kwargs={"slug": SLUG, "table": "nic", "format": "csv"}
    )
    assert coordinator_client.get(bad).status_code == 404


def test_the_coverage_page_and_its_downloads(coordinator_client):
    response = coordinator_client.get(reverse("analysis:coverage", kwargs={"slug": SLUG}))
    assert response.status_code == 200
    text = _text(response)
    assert "83" in text and "36" in text and "31" in text  # the national benchmarks
    assert "<svg" in text
    url = reverse(
        "analysis:coverage_export", kwargs={"slug": SLUG, "table": "white_spots", "format": "csv"}
    )
    rows = list(
        csv.reader(
            io.StringIO(coordinator_client.get(url).content.decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0][0] in ("Druh služby", "Kind of service")
    assert len(rows) > 1


def test_people_without_a_part_in_the_process_do_not_see_it(shared_demo, client):
    from django.contrib.auth import get_user_model

    url = reverse("analysis:demography", kwargs={"slug": SLUG})
    assert client.get(url).status_code in (302, 403, 404)
    outsider = get_user_model().objects.create_user(email="outsider@example.org", password="x")
    client.force_login(outsider)
    assert client.get(url).status_code in (403, 404)
    assert client.get(reverse("analysis:coverage", kwargs={"slug": SLUG})).status_code in (
        403,
        404,
    )


def test_the_command_writes_json_and_xlsx(shared_demo, tmp_path):
    out = StringIO()
    call_command("area_profile", "6103", stdout=out)
    data = json.loads(out.getvalue())
    assert data["demography"]["area"]["indicators"]["ageing_index"] == 135.4
    assert {"demography", "coverage", "area", "format"} <= set(data)
    assert data["coverage"]["ratios"][0]["benchmark"] == 83

    target = tmp_path / "profil.xlsx"
    call_command("area_profile", "orp-humpolec", "--format", "xlsx", "--out", str(target))
    workbook = load_workbook(target)
    assert len(workbook.sheetnames) == 10
    with pytest.raises(CommandError):
        call_command("area_profile", "nikde")
