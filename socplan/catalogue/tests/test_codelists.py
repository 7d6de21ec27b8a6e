"""The project's default codelists and loading live ones (catdata)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from socplan.catalogue.importers import DEFAULT_CODELIST_DIR, RegistryFileError
from socplan.catalogue.models import CodelistItem, ServiceGroup
from socplan.catalogue.services import load_codelists
from socplan.catalogue.validators import ico_check_digit, ico_is_valid, validate_ico

from .registry_helpers import SAMPLE, SAMPLE_NAME

pytestmark = pytest.mark.django_db


def test_the_defaults_hold_every_kind_with_its_paragraph_and_group():
    report = load_codelists()
    assert report.added == CodelistItem.objects.count()
    kinds = CodelistItem.objects.kinds()
    assert kinds.count() == 34
    assert not kinds.filter(register_id="DruhSocialniSluzby/2").exists()
    homes = kinds.get(register_id="DruhSocialniSluzby/13")
    assert (homes.name, homes.paragraph, homes.group) == (
        "domovy pro seniory",
        "§ 49",
        ServiceGroup.CARE,
    )
    assert homes.label == "domovy pro seniory (§ 49)"
    assert kinds.get(code="1").group == ServiceGroup.COUNSELLING
    assert kinds.get(code="34").paragraph == "§ 60a"
    assert kinds.get(code="33").group == ServiceGroup.PREVENTION
    assert kinds.exclude(group="").count() == 33  # centrum duševního zdraví: § unknown
    assert CodelistItem.objects.forms().count() == 3
    assert CodelistItem.objects.capacity_types().get(code="luzka").name == "Počet lůžek"
    assert CodelistItem.objects.age_groups().count() == 9
    assert CodelistItem.objects.target_groups().get(code="24").name == "senioři"
    categories = set(CodelistItem.objects.local_categories().values_list("code", flat=True))
    assert categories == {"health", "housing", "leisure", "self_help", "authorities", "other"}


def test_loading_twice_changes_nothing():
    load_codelists()
    report = load_codelists()
    assert (report.added, report.changed) == (0, 0)


@pytest.mark.shared_data(SAMPLE_NAME)
def test_every_id_of_the_sample_is_in_the_defaults():
    load_codelists()
    known = set(CodelistItem.objects.values_list("register_id", flat=True))
    text = SAMPLE.read_text(encoding="utf-8")
    for prefix in ("DruhSocialniSluzby", "FormaSocialniSluzby", "TypKapacitySocialniSluzby"):
        used = {part.split('"')[0] for part in text.split(f'"{prefix}/')[1:]}
        assert {f"{prefix}/{code}" for code in used} <= known


def test_live_files_upsert_by_id_and_accept_a_plain_name(tmp_path):
    load_codelists()
    CodelistItem.objects.create(
        codelist="DruhSocialniSluzby",
        register_id="DruhSocialniSluzby/36",
        code="36",
        name="DruhSocialniSluzby/36",
        is_known=False,
    )
    live = {
        "polozky": [
            {"id": "DruhSocialniSluzby/13", "nazev": "domovy pro seniory (nově)"},
            {"id": "DruhSocialniSluzby/36", "nazev": {"cs": "nový druh"}},
        ]
    }
    (tmp_path / "druhy-socialni-sluzby.json").write_text(
        json.dumps(live, ensure_ascii=False), encoding="utf-8"
    )
    report = load_codelists(directory=tmp_path)
    assert report.changed >= 2
    homes = CodelistItem.objects.kinds().get(code="13")
    assert homes.name == "domovy pro seniory (nově)"
    assert homes.paragraph == "§ 49"  # from the project's paragraphs.csv
    new = CodelistItem.objects.kinds().get(code="36")
    assert new.is_known and new.name == "nový druh"
    # items missing from a live file are kept
    assert CodelistItem.objects.kinds().filter(code="4").exists()


def test_a_broken_codelist_changes_nothing(tmp_path):
    load_codelists()
    (tmp_path / "formy-soc-sluzby.json").write_text('{"polozky": [', encoding="utf-8")
    before = list(CodelistItem.objects.values_list("register_id", "name"))
    with pytest.raises(RegistryFileError):
        load_codelists(directory=tmp_path)
    (tmp_path / "formy-soc-sluzby.json").write_text(
        '{"polozky": [{"id": "DruhSocialniSluzby/1", "nazev": "x"}]}', encoding="utf-8"
    )
    with pytest.raises(RegistryFileError, match="does not belong"):
        load_codelists(directory=tmp_path)
    assert list(CodelistItem.objects.values_list("register_id", "name")) == before


def test_the_command(tmp_path):
    out = io.StringIO()
    call_command("import_codelists", stdout=out)
    assert "added" in out.getvalue()
    call_command("import_codelists", str(DEFAULT_CODELIST_DIR), stdout=out)
    with pytest.raises(CommandError):
        call_command("import_codelists", str(tmp_path / "missing"))


def test_ico_checksum():
    assert ico_is_valid("00839345") and ico_is_valid("03593207") and ico_is_valid("25596641")
    assert not ico_is_valid("00839346")
    assert not ico_is_valid("839345")
    assert ico_is_valid("1234567" + ico_check_digit("1234567"))
    validate_ico("00990035")
    with pytest.raises(Exception, match="check digit"):
        validate_ico("12345678")
    with pytest.raises(Exception, match="8 digits"):
        validate_ico("1234")
