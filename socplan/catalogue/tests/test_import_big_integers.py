"""Whole numbers beyond 2^63 in a register file (issue 10): ijson's C parser refused the
whole file ("integer overflow"); now the field holding one is reported (service, field,
value) and left out, and the rest of the file imports."""

import io
import json

import ijson
import pytest

from socplan.catalogue import importers
from socplan.catalogue.models import Capacity, Facility, RegistryImport, Service

from .test_import_hardening import run, service_item

pytestmark = pytest.mark.django_db

HUGE = 2**64  # beyond what the C parser reads
HUGER = 10**40


def _file(tmp_path, items) -> bytes:
    """The JSON of ``items`` with the placeholders "<HUGE>" etc. as bare numbers."""
    data = json.dumps({"polozky": items}, ensure_ascii=False)
    data = data.replace('"<HUGE>"', str(HUGE)).replace('"<-HUGE>"', str(-HUGE))
    data = data.replace('"<HUGER>"', str(HUGER))
    path = tmp_path / "rpss.json"
    path.write_text(data, encoding="utf-8")
    return path


def test_the_c_parser_alone_refuses_such_a_file():
    """Why the guard steps in: the importer reads numbers as floats (``use_float``, much
    faster than decimals), and then yajl reads whole numbers as 64-bit integers (if ijson
    ever reads them, this test may go)."""
    data = io.BytesIO(b'{"polozky": [{"a": %d}]}' % HUGE)
    with pytest.raises(ijson.JSONError, match="integer overflow"):
        list(ijson.items(data, "polozky.item", use_float=True))


def test_huge_integers_are_reported_per_field_and_the_rest_imports(tmp_path):
    capacities = [
        {"typ": {"id": "TypKapacitySocialniSluzby/luzka"}, "pocet": "<HUGE>"},
        {"typ": {"id": "TypKapacitySocialniSluzby/klient"}, "pocet": "<-HUGE>"},
        {"typ": {"id": "TypKapacitySocialniSluzby/hovor"}, "pocet": 7},
    ]
    items = [
        service_item(1),
        service_item(
            2,
            formy=[{"forma": {"id": "FormaSocialniSluzby/pob"}, "kapacity": capacities}],
            zarizeni=[
                {
                    "nazev": "Domov 12345678901234567890",  # digits inside a text stay
                    "adresa": {"obec": {"id": "Obec/548201"}, "kodAdresnihoMista": "<HUGER>"},
                }
            ],
        ),
        service_item(3),
    ]
    path = _file(tmp_path, items)
    assert str(HUGE).encode() in path.read_bytes()
    run_ = run(path)
    assert run_.status == RegistryImport.Status.SUCCEEDED, run_.message
    assert Service.objects.count() == 3
    problems = {(p[0], p[1], p[2], p[3]) for p in run_.details["problems"]}
    assert (2, "kapacity.pocet", str(HUGE), "range") in problems
    assert (2, "kapacity.pocet", str(-HUGE), "range") in problems
    assert (2, "kodAdresnihoMista", str(HUGER), "range") in problems
    notes = "\n".join(run_.details["notes"])
    assert f"Service 2, kapacity.pocet “{HUGE}”" in notes
    # the fields are left out, the rest of the service is kept
    values = Capacity.objects.filter(service_form__service__portal_id=2).values_list(
        "value", flat=True
    )
    assert list(values) == [7]
    facility = Facility.objects.get(service__portal_id=2)
    assert facility.address_code is None
    assert facility.name == "Domov 12345678901234567890"


@pytest.mark.parametrize("size", [1, 2, 3, 5, 19, 64, 1000])
def test_the_guard_passes_huge_integers_as_texts_at_any_split(size):
    data = (
        b'{"polozky": [{"a": %d, "t": "x 99999999999999999999 \\" 1", "f": 1.5e300, '
        b'"b": 123456789012345678901234567890.5, "n": -%d, "l": [true, false, null, 12]}]}'
        % (HUGE, HUGE)
    )
    guard = importers._GuardedFile(io.BytesIO(data), "rpss.json")
    read = guard.read

    def small_reads(wanted=-1):
        return read(size if wanted else 0)

    guard.read = small_reads
    guard.mark = 0
    (item,) = ijson.items(guard, "polozky.item", use_float=True)
    assert item == {
        "a": str(HUGE),
        "t": 'x 99999999999999999999 " 1',
        "f": 1.5e300,
        "b": 123456789012345678901234567890.5,
        "n": str(-HUGE),
        "l": [True, False, None, 12],
    }
    assert guard.depth == 0 and guard.text is None
