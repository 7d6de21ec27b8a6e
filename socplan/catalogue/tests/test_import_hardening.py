"""Register files that try to hurt (issue 10, "Imports that cannot hurt"): files of any shape
are refused with bounded memory, values the database or an export would refuse are reported
and left out, a dead import does not block the next one, every service page and the
whole-catalogue exports work after any import, and no link but http(s) is live.

The files are written here (no shared data needed); everything runs on SQLite and on
PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import copy
import csv
import datetime
import io
import json
import os
import resource
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from socplan.catalogue import importers, services
from socplan.catalogue.importers import RegistryFileError
from socplan.catalogue.models import Capacity, Facility, RegistryImport, Service, ServiceChange
from socplan.core import liveness

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 11, 22)


def service_item(portal_id: int, **changes) -> dict:
    item = {
        "portalId": portal_id,
        "identifikator": str(1000000 + portal_id),
        "druhSocialniSluzby": {"id": "DruhSocialniSluzby/13"},
        "poskytovatel": {"ico": "00248266", "nazev": "Město Humpolec"},
        "datumPoskytovaniOd": "2010-01-01",
        "ciloveSkupiny": [{"cilovaSkupina": {"id": "CilovaSkupinaOsoby/1"}}],
        "formy": [
            {
                "forma": {"id": "FormaSocialniSluzby/ter"},
                "kapacity": [{"typ": {"id": "TypKapacitySocialniSluzby/klient"}, "pocet": 12}],
            }
        ],
        "zarizeni": [
            {
                "nazev": f"Pečovatelská služba {portal_id}",
                "adresa": {"obec": {"id": "Obec/548201"}, "kodAdresnihoMista": 21234567},
                "poskytujeOd": "2010-01-01",
            }
        ],
        "weby": [{"web": "www.humpolec.cz"}],
        "telefony": [{"telefon": "+420 565 532 111"}],
    }
    item.update(changes)
    return item


def write(path: Path, items: list[dict]) -> Path:
    path.write_text(json.dumps({"polozky": items}, ensure_ascii=False), encoding="utf-8")
    return path


def run(path: Path, **kwargs) -> RegistryImport:
    return services.registry_import_run(path=path, on=ON, **kwargs)


def nasty_items() -> list[dict]:
    """Services with every kind of value that broke an import, a page or an export."""
    nul = service_item(
        1,
        poskytovatel={"ico": "00248266", "nazev": "Město\x00 Humpolec"},
        zarizeni=[
            {
                "nazev": "Dům\x00 s\x1b pečovatelskou\x07 službou\ufffe",
                "adresa": {"obec": {"id": "Obec/548201"}, "ulice": "Hradská\x00"},
            }
        ],
        doplnujiciInformaceVekoveSkupiny="od 18\x0b let\x00",
    )
    big = service_item(
        2,
        formy=[
            {
                "forma": {"id": "FormaSocialniSluzby/pob"},
                "kapacity": [
                    {"typ": {"id": "TypKapacitySocialniSluzby/luzka"}, "pocet": 2**31},
                    {"typ": {"id": "TypKapacitySocialniSluzby/klient"}, "pocet": 2**53 + 1},
                    {"typ": {"id": "TypKapacitySocialniSluzby/interv"}, "pocet": -5},
                    {"typ": {"id": "TypKapacitySocialniSluzby/kontakt"}, "pocet": 1e300},
                    {"typ": {"id": "TypKapacitySocialniSluzby/hovor"}, "pocet": 7},
                ],
            }
        ],
        zarizeni=[
            {
                "nazev": "Domov",
                "adresa": {"obec": {"id": "Obec/548201"}, "kodAdresnihoMista": 2**53 + 1},
            }
        ],
    )
    dates = service_item(
        3,
        datumPoskytovaniOd="2020-05-01",
        datumPoskytovaniDo="2019-01-01",
        zarizeni=[
            {"nazev": "A", "poskytujeOd": "1. 5. 2010", "poskytujeDo": "0000-00-00"},
            {"nazev": "B", "poskytujeOd": "9999-12-31T00:00:00", "poskytujeDo": 20200101},
        ],
    )
    shapes = service_item(
        4,
        formy=[{"forma": {"id": "FormaSocialniSluzby/amb"}, "kapacity": 5}],
        kontaktniAdresy=7,
        ciloveSkupiny=[{"cilovaSkupina": {"id": "CilovaSkupinaOsoby/" + "x" * 500}}],
        weby=[{"web": "javascript:alert(document.cookie)"}, {"web": "=HYPERLINK(1)"}],
        telefony=[{"telefon": "=1+2"}, {"telefon": "@SUM(A1)"}],
    )
    return [nul, big, dates, shapes]


# --------------------------------------------------------------------------- file shapes


def _scan_in_a_small_process(path: Path) -> str:
    """Scan ``path`` in a forked child that may use 1 GB at most: a file that makes the
    parser grow kills only the child (and fails the test) instead of the machine."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 1
        try:
            os.close(read_end)
            # 1 GB more than the forked test process already maps (its threads and
            # libraries alone can map over 1 GB, more so on PostgreSQL).
            with open("/proc/self/statm") as statm:
                mapped = int(statm.read().split()[0]) * resource.getpagesize()
            resource.setrlimit(resource.RLIMIT_AS, (mapped + (1 << 30), mapped + (1 << 30)))
            with translation.override("cs"):
                try:
                    importers.scan_registry(path)
                except RegistryFileError as exc:
                    answer = f"REFUSED {exc}"
                else:
                    answer = "ACCEPTED"
            os.write(write_end, answer.encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        answer = pipe.read().decode()
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, f"the parser died: {status}"
    return answer


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"polozky": [' + "[" * 100_000 + "]" * 100_000 + "]}", "vnořen"),
        ('{"polozky": [{"a": ' + '{"b": ' * 100_000 + "1" + "}" * 100_000 + "}]}", "vnořen"),
        ('{"x": ' + "[" * 200_000, "vnořen"),
        ('{"polozky": [{"portalId": 1' + "0" * 6000 + "}]}", "číslic"),
        ('{"polozky": [{"a": "' + 'x\\"' * 400_000 + '"}]}', "text"),
        ('{"polozky": [{"a": [' + ",".join(["1"] * 5_000_000) + "]}]}", "službu"),
    ],
    ids=["nested-arrays", "nested-objects", "nested-unclosed", "long-number", "long-text", "huge"],
)
def test_files_of_any_shape_are_refused_in_bounded_memory(tmp_path, content, message):
    path = tmp_path / "rpss.json"
    path.write_text(content, encoding="utf-8")
    answer = _scan_in_a_small_process(path)
    assert answer.startswith("REFUSED"), answer
    assert message in answer
    assert "Nic nebylo naimportováno" in answer


def test_a_refused_file_leaves_the_catalogue_and_says_why(tmp_path):
    run(write(tmp_path / "good.json", [service_item(1)]))
    before = list(Service.objects.values_list("portal_id", "name", "register_hash"))
    path = tmp_path / "deep.json"
    path.write_text('{"polozky": [' + "[" * 50_000 + "]" * 50_000 + "]}", encoding="utf-8")
    with pytest.raises(RegistryFileError, match="nested more than 32 levels"):
        run(path)
    assert list(Service.objects.values_list("portal_id", "name", "register_hash")) == before
    assert RegistryImport.objects.latest("pk").status == RegistryImport.Status.FAILED


def test_the_guard_reads_texts_with_brackets_quotes_and_escapes_at_any_split(tmp_path):
    items = [
        service_item(
            number,
            identifikator='a\\"[[{{\\\\',
            zarizeni=[{"nazev": ']]]}}} \\ " [[[ ' + "\\" * number}],
        )
        for number in range(1, 40)
    ]
    path = tmp_path / "rpss.json"
    path.write_text(json.dumps({"polozky": items}), encoding="utf-8")
    data = path.read_bytes()
    for size in (1, 2, 3, 7, 64, 1000):
        guard = importers._GuardedFile(io.BytesIO(data), "rpss.json")
        while guard.read(size):
            pass
        assert guard.depth == 0 and guard.text is None, size
    assert importers.scan_registry(path).services == 39


# --------------------------------------------------------------------------- values


def test_values_that_cannot_be_stored_are_reported_and_left_out(tmp_path, client):
    run_ = run(write(tmp_path / "rpss.json", nasty_items()))
    assert run_.status == RegistryImport.Status.SUCCEEDED
    problems = {(p[0], p[1], p[3]) for p in run_.details["problems"]}
    assert (1, "zarizeni[0].nazev", "control") in problems
    assert (1, "doplnujiciInformaceVekoveSkupiny", "control") in problems
    assert (2, "kapacity.pocet", "range") in problems
    assert (2, "kapacity.pocet", "negative") in problems
    assert (2, "kodAdresnihoMista", "range") in problems
    assert (3, "datumPoskytovaniOd", "end_before_start") in problems
    assert (3, "poskytujeOd", "date") in problems
    assert (3, "poskytujeDo", "date") in problems
    assert (4, "id", "long_id") in problems
    # the report says each one with its service, field and value (escaped)
    notes = "\n".join(run_.details["notes"])
    assert "Service 2, kapacity.pocet “2147483648”" in notes
    assert "\\x00" in notes and "\x00" not in notes

    first = Service.objects.get(portal_id=1)
    facility = first.facilities.get()
    assert facility.name == "Dům s pečovatelskou službou"
    assert facility.street == "Hradská"
    assert first.age_note == "od 18 let"
    assert "\x00" not in json.dumps(first.register_data)
    assert sorted(
        Capacity.objects.filter(service_form__service__portal_id=2).values_list("value", flat=True)
    ) == [7]
    assert Facility.objects.get(service__portal_id=2).address_code is None
    third = Service.objects.get(portal_id=3)
    assert (third.start_date, third.end_date) == (None, datetime.date(2019, 1, 1))
    assert set(Facility.objects.filter(service=third).values_list("start_date", "end_date")) == {
        (None, None)
    }
    # every page and the whole-catalogue exports work
    for service in Service.objects.all():
        assert client.get(reverse("catalogue:service_detail", args=[service.pk])).status_code == 200
    assert client.get(reverse("catalogue:export", args=["xlsx"])).status_code == 200
    assert client.get(reverse("catalogue:export", args=["csv"])).status_code == 200


def test_a_file_with_problems_imported_twice_still_reports_them(tmp_path):
    path = write(tmp_path / "rpss.json", nasty_items())
    first = run(path)
    second = run(path)
    assert second.changed == 0 and second.added == 0
    assert sorted(map(tuple, second.details["problems"])) == sorted(
        map(tuple, first.details["problems"])
    )


# --------------------------------------------------------------------------- the lock


def test_a_dead_import_is_shown_failed_and_blocks_nothing(tmp_path):
    path = write(tmp_path / "rpss.json", [service_item(1)])
    dead = RegistryImport.objects.create(file_name="killed.json")
    RegistryImport.objects.filter(pk=dead.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert run(path).status == RegistryImport.Status.SUCCEEDED
    dead.refresh_from_db()
    assert dead.status == RegistryImport.Status.FAILED
    assert "stopped without finishing" in dead.message
    assert dead.finished_at is not None


def test_the_register_pages_show_a_dead_import_as_failed(staff, client_for):
    dead = RegistryImport.objects.create(file_name="killed.json")
    RegistryImport.objects.filter(pk=dead.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    client = client_for(staff)
    assert client.get(reverse("catalogue:registry_imports")).status_code == 200
    dead.refresh_from_db()
    assert dead.status == RegistryImport.Status.FAILED
    page = client.get(reverse("catalogue:registry_import", args=[dead.pk])).content.decode()
    assert "stopped without finishing" in page


def test_a_live_import_with_a_heartbeat_blocks_the_next_one(tmp_path):
    path = write(tmp_path / "rpss.json", [service_item(1)])
    alive = RegistryImport.objects.create(file_name="running.json")
    RegistryImport.objects.filter(pk=alive.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=5)
    )
    liveness.beat(services._heartbeat_name(alive.pk))
    with pytest.raises(RegistryFileError, match="Another import"):
        run(path)
    assert not Service.objects.exists()
    alive.refresh_from_db()
    assert alive.status == RegistryImport.Status.RUNNING
    liveness.forget(services._heartbeat_name(alive.pk))
    assert run(path).status == RegistryImport.Status.SUCCEEDED


def test_an_import_beats_while_it_runs(tmp_path, monkeypatch):
    seen = []
    original = services._apply

    def spy(*args, **kwargs):
        running = RegistryImport.objects.get(status=RegistryImport.Status.RUNNING)
        seen.append(liveness.is_alive(services._heartbeat_name(running.pk)))
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_apply", spy)
    done = run(write(tmp_path / "rpss.json", [service_item(1)]))
    assert seen == [True]
    assert not liveness.is_alive(services._heartbeat_name(done.pk))


@pytest.mark.django_db(transaction=True)
def test_other_writers_go_on_while_an_import_prepares_its_writes(tmp_path, monkeypatch):
    """On SQLite an import holds the write lock only while its prepared writes run:
    while it reads and normalises the services, another connection writes at once, and
    rows written meanwhile (a local service, a provider) keep their ids."""
    import sqlite3

    from django.db import connection

    from socplan.catalogue import bulk
    from socplan.catalogue.models import Provider

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write lock (PostgreSQL locks rows)")
    name = connection.settings_dict["NAME"]

    def lock_is_free() -> bool:
        other = sqlite3.connect(name, timeout=0.2)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:  # "database is locked"
            return False
        finally:
            other.close()

    free, locked, local = [], [], []
    normalise, apply = importers.normalise_service, bulk.Stage.apply

    def normalising(*args, **kwargs):
        free.append(lock_is_free())
        if not local:  # another writer meanwhile, through the ORM
            provider = Provider.objects.create(name="Místní spolek")
            local.append(Service.objects.create(name="Místní klub", provider=provider))
        return normalise(*args, **kwargs)

    def applying(stage):
        locked.append(not lock_is_free())
        return apply(stage)

    monkeypatch.setattr(importers, "normalise_service", normalising)
    monkeypatch.setattr(bulk.Stage, "apply", applying)
    result = run(write(tmp_path / "rpss.json", [service_item(n) for n in range(1, 4)]))
    assert result.added == 3
    assert free == [True, True, True]
    assert locked == [True]  # (the check sees the lock when it is held)
    assert Service.objects.get(pk=local[0].pk).name == "Místní klub"
    assert Service.objects.count() == 4
    assert Provider.objects.filter(name="Místní spolek").count() == 1


# --------------------------------------------------------------------------- pages


def test_every_service_page_renders_after_a_reimport_that_changed_everything(tmp_path, client):
    run(write(tmp_path / "one.json", [service_item(n) for n in range(1, 4)]))
    changed = []
    for number in range(1, 4):
        item = service_item(number)
        item["formy"][0]["kapacity"][0]["pocet"] = 20
        item["zarizeni"].append(copy.deepcopy(item["zarizeni"][0]) | {"nazev": "Druhé"})
        item["ciloveSkupiny"] = [{"cilovaSkupina": {"id": "CilovaSkupinaOsoby/2"}}]
        item["rozsirenePusobnostiVKraji"] = [{"kraj": {"id": "Kraj/108"}}]
        item["telefony"] = [{"telefon": "777 000 000"}]
        item["datumPoskytovaniDo"] = "2030-01-01"
        changed.append(item)
    assert run(write(tmp_path / "two.json", changed)).changed == 3
    fields = set(ServiceChange.objects.values_list("field", flat=True))
    assert {"forms", "facilities", "regions", "target_groups", "phones"} <= fields
    for service in Service.objects.all():
        response = client.get(reverse("catalogue:service_detail", args=[service.pk]))
        assert response.status_code == 200
        # the history names the reverse relations by what they hold
        assert str(Facility._meta.verbose_name_plural).capitalize() in response.content.decode()


def test_no_stored_link_but_http_is_live(tmp_path, client):
    run(write(tmp_path / "rpss.json", nasty_items()))
    page = client.get(
        reverse("catalogue:service_detail", args=[Service.objects.get(portal_id=4).pk])
    ).content.decode()
    assert "javascript:alert(document.cookie)" in page  # shown as text
    assert 'href="javascript' not in page.lower()
    assert 'href="=HYPERLINK' not in page
    page = client.get(
        reverse("catalogue:service_detail", args=[Service.objects.get(portal_id=1).pk])
    ).content.decode()
    assert 'href="https://www.humpolec.cz"' in page


def test_exports_keep_formulas_from_running(tmp_path, client):
    from openpyxl import load_workbook

    run(write(tmp_path / "rpss.json", nasty_items()))
    response = client.get(reverse("catalogue:export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert "'=1+2; @SUM(A1)" in cells
    assert "'+420 565 532 111" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    response = client.get(reverse("catalogue:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    formula_like = [
        cell for row in sheet.iter_rows() for cell in row if str(cell.value).startswith(("=", "+"))
    ]
    assert formula_like  # kept as they are, as text
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in formula_like)


@pytest.mark.parametrize("portal_id", [2**31, 2**53 + 1, -1, 0, "12x", 1.5])
def test_a_portal_id_beyond_the_column_refuses_the_file_with_its_number(tmp_path, portal_id):
    path = write(tmp_path / "rpss.json", [service_item(1), service_item(2, portalId=portal_id)])
    with pytest.raises(RegistryFileError, match="Service no. 2 in the file: “portalId”"):
        run(path)
    assert not Service.objects.exists()


def test_staged_writes_of_plain_values_and_of_dates_run_in_their_order(tmp_path):
    """A staged part of plain values (kept with marshal) and one with a date (pickle) are
    read back and run in the order they were added, inside the caller's transaction."""
    from django.db import connection, transaction

    from socplan.catalogue import bulk

    run(write(tmp_path / "rpss.json", [service_item(1)]))
    service = Service.objects.get()
    table = connection.ops.quote_name(Service._meta.db_table)
    with bulk.Stage(immediate=False) as stage:
        stage.add([("execute", f"UPDATE {table} SET name = %s WHERE id = %s", ["A", service.pk])])
        stage.add(
            [
                (
                    "update",
                    Service._meta.label,
                    {"pk": service.pk},
                    {"removed_from_register_at": ON, "name": "B"},
                )
            ]
        )
        stage.add([("execute", f"UPDATE {table} SET age_note = name WHERE id = %s", [service.pk])])
        with transaction.atomic():
            stage.apply()
    service.refresh_from_db()
    assert (service.name, service.age_note, service.removed_from_register_at) == ("B", "B", ON)
