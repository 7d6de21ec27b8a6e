"""The register import (RPSS) on the sample in ../shared/data/registry/ (catdata).

The national territory is imported once for the module (committed outside the tests'
transactions and removed at the end), so facilities find their municipalities.
"""

import datetime
import io
import json
import re

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from socplan.catalogue import services
from socplan.catalogue.importers import RegistryFileError
from socplan.catalogue.models import (
    Capacity,
    CodelistItem,
    Facility,
    Provider,
    RegistryImport,
    Service,
    ServiceAreaMunicipality,
    ServiceChange,
    ServiceForm,
    ServiceRegion,
)
from socplan.catalogue.selectors import services_available_in, services_for_area
from socplan.territory.importers import import_territory
from socplan.territory.models import (
    District,
    Municipality,
    Orp,
    PlanningArea,
    Population,
    Region,
    SubArea,
)

from .registry_helpers import (
    SAMPLE,
    SAMPLE_NAME,
    TERRITORY,
    item,
    new_item,
    sample_items,
    write_register,
)

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data(SAMPLE_NAME, "territory")]

ON = datetime.date(2026, 11, 22)


def _wipe_territory():
    SubArea.objects.all().delete()
    PlanningArea.objects.all().delete()
    Population.objects.all().delete()
    Municipality.objects.all().delete()
    Orp.objects.all().delete()
    District.objects.all().delete()
    Region.objects.all().delete()


@pytest.fixture(scope="module", autouse=True)
def territory(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _wipe_territory()
        import_territory(TERRITORY)
    yield
    with django_db_blocker.unblock():
        _wipe_territory()


def run(path=SAMPLE, **kwargs):
    return services.registry_import_run(path=path, on=ON, **kwargs)


def snapshot():
    return {
        "services": sorted(
            Service.objects.values_list(
                "portal_id", "name", "end_date", "removed_from_register_at", "register_hash"
            )
        ),
        "facilities": sorted(Facility.objects.values_list("pk", "name", "municipality_id")),
        "capacities": sorted(Capacity.objects.values_list("pk", "value")),
        "changes": ServiceChange.objects.count(),
        "providers": sorted(Provider.objects.values_list("ico", "name")),
    }


def test_the_sample_imports_with_the_counts_of_its_readme():
    result = run()
    assert result.status == RegistryImport.Status.SUCCEEDED
    assert (result.added, result.changed, result.ended, result.unchanged) == (83, 0, 0, 0)
    assert Service.objects.count() == 83
    # ended: 900020 (2012, facility still open) and 900021; 6276 and 900024 end later
    assert Service.objects.active(ON).count() == 81
    assert not Service.objects.get(portal_id=900020).is_active_on(ON)
    assert Service.objects.get(portal_id=6276).is_active_on(ON)
    assert not Service.objects.get(portal_id=6276).is_active_on(datetime.date(2027, 1, 1))
    # 95 facilities in the file, two duplicates (CARVAC, trailing space) dropped
    assert Facility.objects.count() == 93
    assert Facility.objects.filter(service__portal_id=4951).count() == 1
    assert Facility.objects.filter(service__portal_id=900023).count() == 1
    assert Facility.objects.filter(service__portal_id=4429).count() == 2
    assert result.details["duplicate_facilities"] == 2
    icos = {i["poskytovatel"]["ico"] for i in sample_items()}
    assert Provider.objects.count() == len(icos)
    assert result.details["unknown_codes"] == {}
    assert not CodelistItem.objects.filter(is_known=False).exists()


def test_capacities_stay_with_their_form():
    run()
    forms = {
        sf.form.code: [(c.value, c.type.code) for c in sf.capacities.all()]
        for sf in ServiceForm.objects.filter(service__portal_id=900003)
    }
    raw = item(sample_items(), 900003)["formy"]
    expected = {
        f["forma"]["id"].split("/")[1]: [
            (k["pocet"], k["typ"]["id"].split("/")[1]) for k in f["kapacity"]
        ]
        for f in raw
    }
    assert forms == expected
    assert set(forms) == {"pob", "ter"}
    assert forms["pob"][0][1] == "luzka" and forms["ter"][0][1] == "klient"
    # one capacity per form and service, never copied to facilities
    for portal_id in (4429, 3443, 30):
        raw = item(sample_items(), portal_id)["formy"]
        stored = Capacity.objects.filter(service_form__service__portal_id=portal_id)
        assert stored.count() == sum(len(f["kapacity"]) for f in raw)


def test_ico_keeps_leading_zeros_and_contacts_have_two_levels():
    run()
    assert Service.objects.get(portal_id=7583).provider.ico == "03593207"
    assert Service.objects.get(portal_id=4).provider.ico == "00839345"
    assert Service.objects.get(portal_id=900051).provider.ico == "00990035"
    no_web = Service.objects.get(portal_id=900008)
    assert no_web.webs == [] and no_web.emails == []
    assert no_web.contact_webs == no_web.provider.webs != []
    assert no_web.contact_emails == no_web.provider.emails != []


def test_places_prague_secret_addresses_and_regions():
    run()
    prague = Facility.objects.get(service__portal_id=3105)
    assert prague.municipality.code == "554782"
    assert prague.city_district
    assert prague.address_code
    secret = Facility.objects.get(service__portal_id=900034)
    assert secret.is_secret_address
    assert (secret.street, secret.municipality_id, secret.latitude) == ("", None, None)
    no_code = Facility.objects.get(service__portal_id=900022)
    assert no_code.address_code is None and no_code.municipality is not None
    assert no_code.location_precision == "municipality"
    assert no_code.latitude == no_code.municipality.latitude
    ended = Facility.objects.get(service__portal_id=900020)
    assert ended.end_date is None and not ended.is_active_on(ON)
    future = Facility.objects.get(service__portal_id=900024)
    assert future.start_date > ON and not future.is_active_on(ON)
    raw = item(sample_items(), 900006)["rozsirenePusobnostiVKraji"]
    codes = {r["kraj"]["id"].split("/")[1] for r in raw}
    assert (
        set(
            ServiceRegion.objects.filter(service__portal_id=900006).values_list(
                "region__ruian_code", flat=True
            )
        )
        == codes
    )


def test_availability_in_a_municipality_and_an_area():
    run()
    humpolec = Municipality.objects.get(code="547999")
    available = services_available_in(humpolec, on=ON)
    with_facility = Service.objects.filter(facilities__municipality=humpolec).active(ON)
    assert set(with_facility) <= set(available)
    # a service with the extended scope over Vysočina is available there without a facility
    scoped = Service.objects.filter(regions__region__ruian_code="108", portal_id__isnull=False)
    assert set(scoped) <= set(available)
    area = PlanningArea.objects.create(name="Test", slug="test-area", kind="custom")
    area.municipalities.add(humpolec)
    assert set(services_for_area(area, on=ON)) == set(available)
    # an ended service is never available
    assert not available.filter(portal_id=900020).exists()


def test_no_personal_data_and_no_document_urls_are_stored(tmp_path):
    items = sample_items()
    person = {"jmeno": "Jana", "prijmeni": "Osobová", "titulPred": "Mgr.", "titulZa": None}
    target = item(items, 900001)
    target["poskytovatel"]["statutarniOrgany"] = [person]
    target["zarizeni"][0]["vedouci"] = {"jmeno": "Petr", "prijmeni": "Vedoucí"}
    target["doplnkoveUdaje"]["realizacePoskytovani"] = [
        {"priloha": {"url": "https://example.mpsv.cz/agportal-server/rest/documents/1"}}
    ]
    run(write_register(tmp_path / "rpss.json", items))
    models = [Provider, Service, Facility, ServiceChange, RegistryImport, ServiceForm, Capacity]
    dump = "".join(serializers.serialize("json", m.objects.all()) for m in models)
    for text in ("Osobová", "Vedoucí", "Petr", "agportal-server", "Mgr."):
        assert text not in dump
    # the sample's statutory persons are all "Mgr. Jana ..."; "Jana" occurs only in an e-mail
    assert not re.search(r"\bJana\b(?!\.Zoufala@)", dump)


def test_the_same_file_twice_changes_nothing_and_says_so():
    run()
    before = snapshot()
    second = run()
    assert second.status == RegistryImport.Status.SUCCEEDED
    assert (second.added, second.changed, second.ended, second.unchanged) == (0, 0, 0, 83)
    assert "nothing new" in second.message
    assert snapshot() == before


def test_a_later_file_reports_added_changed_and_ended(tmp_path):
    run()
    items = sample_items()
    item(items, 3575)["telefony"] = [{"telefon": "777 000 111", "poznamka": "nový"}]
    item(items, 900001)["datumPoskytovaniDo"] = "2026-06-30"
    items.remove(item(items, 900002))
    items.append(new_item(item(items, 900003), 900099))
    result = run(write_register(tmp_path / "later.json", items))
    assert (result.added, result.changed, result.ended) == (1, 1, 2)
    assert result.unchanged == 83 - 1 - 2
    assert result.details["ended"] == [900001, 900002] or set(result.details["ended"]) == {
        900001,
        900002,
    }
    # missing from the file: kept, marked, not active
    missing = Service.objects.get(portal_id=900002)
    assert missing.removed_from_register_at == ON and not missing.is_active_on(ON)
    assert Service.objects.count() == 84
    phone = ServiceChange.objects.get(service__portal_id=3575, field="phones")
    assert phone.source == ServiceChange.ChangeSource.IMPORT
    assert "777 000 111" in phone.new_value and "777 143 124" in phone.old_value
    end = ServiceChange.objects.get(service__portal_id=900001, field="end_date")
    assert (end.old_value, end.new_value) == ("", "2026-06-30")
    assert ServiceChange.objects.filter(
        service__portal_id=900002, field="removed_from_register_at"
    ).exists()
    # the missing service comes back
    again = run()
    assert again.changed >= 1
    assert Service.objects.get(portal_id=900002).removed_from_register_at is None


def test_local_fields_survive_a_reimport(tmp_path, staff):
    run()
    service = Service.objects.get(portal_id=3575)
    service.description = "Pomáháme doma."
    service.opening_hours = "Po–Pá 8–16"
    service.accessibility = "bezbariérový vstup"
    service.verified_at = ON
    service.verified_by = staff
    service.save()
    humpolec = Municipality.objects.get(code="547999")
    ServiceAreaMunicipality.objects.create(
        service=service, municipality=humpolec, origin=ServiceAreaMunicipality.Origin.MANUAL
    )
    items = sample_items()
    raw = item(items, 3575)
    raw["zarizeni"][0]["nazev"] = "Agentura LADARA – nové jméno"
    raw["weby"] = []
    run(write_register(tmp_path / "later.json", items))
    service.refresh_from_db()
    assert service.name == "Agentura LADARA – nové jméno"
    assert service.webs == []
    assert service.description == "Pomáháme doma."
    assert (service.opening_hours, service.accessibility) == ("Po–Pá 8–16", "bezbariérový vstup")
    assert (service.verified_at, service.verified_by) == (ON, staff)
    assert service.area_municipalities.filter(
        origin=ServiceAreaMunicipality.Origin.MANUAL, municipality=humpolec
    ).exists()
    assert service.area_municipalities.filter(
        origin=ServiceAreaMunicipality.Origin.FACILITY
    ).exists()
    fields = set(ServiceChange.objects.filter(service=service).values_list("field", flat=True))
    assert {"name", "facilities", "webs"} <= fields


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not JSON", "not valid JSON"),
        (b"", "is empty"),
        (b'[{"portalId": 1}]', "not the register file"),
        (b'{"items": []}', "no list"),
        (b'{"polozky": {"portalId": 1}}', "should be a list"),
        (b'{"polozky": ["x"]}', "should be an object"),
        (b'{"polozky": [{"druhSocialniSluzby": {"id": "DruhSocialniSluzby/4"}}]}', "portalId"),
        (b'{"polozky": []}', "lists no services"),
    ],
    ids=[
        "not-json",
        "empty",
        "list-root",
        "no-polozky",
        "polozky-object",
        "item-string",
        "no-portal-id",
        "no-services",
    ],
)
def test_broken_files_are_refused_and_the_catalogue_stays(tmp_path, content, message):
    run()
    before = snapshot()
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(RegistryFileError, match=message):
        run(path)
    assert snapshot() == before
    failed = RegistryImport.objects.order_by("-pk").first()
    assert failed.status == RegistryImport.Status.FAILED
    assert message in failed.message


def test_a_truncated_file_is_refused_and_the_catalogue_stays(tmp_path):
    run()
    items = sample_items()
    item(items, 3575)["telefony"] = [{"telefon": "111", "poznamka": None}]
    data = json.dumps({"polozky": items}, ensure_ascii=False).encode("utf-8")
    before = snapshot()
    path = tmp_path / "truncated.json"
    path.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(RegistryFileError, match="incomplete"):
        run(path)
    assert snapshot() == before


def test_an_invalid_first_service_of_an_empty_catalogue_writes_nothing(tmp_path):
    items = sample_items()
    items[40]["poskytovatel"]["ico"] = "12"
    items[40]["poskytovatel"]["ico"] = "ABC"
    with pytest.raises(RegistryFileError, match="IČO"):
        run(write_register(tmp_path / "bad.json", items))
    assert not Service.objects.exists()
    assert not Provider.objects.exists()


def test_far_fewer_services_are_refused_unless_forced(tmp_path):
    run()
    before = snapshot()
    items = sample_items()[:60]
    path = write_register(tmp_path / "small.json", items)
    with pytest.raises(services.RegistryImportRefused, match="far fewer"):
        run(path)
    assert snapshot() == before
    assert RegistryImport.objects.order_by("-pk").first().status == "refused"
    forced = run(path, force=True)
    assert forced.forced and forced.status == RegistryImport.Status.SUCCEEDED
    assert Service.objects.count() == 83
    assert Service.objects.filter(removed_from_register_at=ON).count() == 23


def test_unknown_codelist_ids_become_unknown_items(tmp_path):
    items = sample_items()
    item(items, 3575)["druhSocialniSluzby"] = {"id": "DruhSocialniSluzby/99"}
    item(items, 3575)["ciloveSkupiny"].append({"cilovaSkupina": {"id": "CilovaSkupinaOsoby/77"}})
    result = run(write_register(tmp_path / "unknown.json", items))
    kind = CodelistItem.objects.kinds().get(register_id="DruhSocialniSluzby/99")
    assert not kind.is_known and str(kind) == "DruhSocialniSluzby/99"
    service = Service.objects.get(portal_id=3575)
    assert service.kind == kind
    assert service.target_groups.filter(register_id="CilovaSkupinaOsoby/77").exists()
    assert "DruhSocialniSluzby/99" in result.details["unknown_codes"]
    assert any("DruhSocialniSluzby/99" in note for note in result.details["notes"])


def test_service_names():
    run()
    # one facility: its name
    assert Service.objects.get(portal_id=3575).name == "Agentura domácí péče LADARA o.p.s."
    # two facilities with different names: kind – provider
    service = Service.objects.get(portal_id=4429)
    names = set(service.facilities.values_list("name", flat=True))
    if len(names) > 1:
        assert service.name.startswith(service.kind.name[:1].upper() + service.kind.name[1:])
        assert service.name.endswith(service.provider.name)


def test_the_command_reports_and_refuses_broken_files(tmp_path):
    out = io.StringIO()
    call_command("import_registry", str(SAMPLE), "--no-progress", stdout=out)
    assert "83 added" in out.getvalue()
    out = io.StringIO()
    call_command("import_registry", str(SAMPLE), "--no-progress", stdout=out)
    assert "nothing new" in out.getvalue()
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_registry", str(broken), "--no-progress")
    with pytest.raises(CommandError):
        call_command("import_registry", "--no-progress")


def test_a_second_import_waits_for_the_running_one():
    RegistryImport.objects.create(file_name="other.json")  # running
    with pytest.raises(RegistryFileError, match="Another import"):
        run()
    assert not Service.objects.exists()
    RegistryImport.objects.update(started_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    assert run().added == 83  # a run "running" for hours is taken as crashed


def test_imported_services_are_searchable():
    from socplan.catalogue import search

    run()
    found = search.filter_services(Service.objects.all(), "domov pro seniory carvac")
    assert list(found.values_list("portal_id", flat=True)) == [4951]


# --- the fast paths of the import (bulk writes, digests, a second thread) keep its promises


def test_new_services_get_the_search_text_a_reindex_gives_them():
    from django.db import connection

    from socplan.catalogue import search

    run()
    written = dict(Service.objects.values_list("pk", "search_text"))
    assert all(written.values())
    search.reindex_all()
    assert dict(Service.objects.values_list("pk", "search_text")) == written
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {search.FTS_TABLE}")  # noqa: S608
            assert cursor.fetchone()[0] == 83


def test_an_unchanged_file_still_reports_what_it_has(tmp_path):
    items = sample_items()
    item(items, 3575)["ciloveSkupiny"].append({"cilovaSkupina": {"id": "CilovaSkupinaOsoby/77"}})
    path = write_register(tmp_path / "unknown.json", items)
    first = run(path)
    second = run(path)
    assert second.unchanged == 83
    for key in ("duplicate_facilities", "unknown_codes", "notes"):
        assert second.details[key] == first.details[key]
    assert second.details["duplicate_facilities"] == 2
    assert "CilovaSkupinaOsoby/77" in second.details["unknown_codes"]


def test_what_normalisation_ignores_changes_nothing(tmp_path):
    run()
    before = snapshot()
    items = sample_items()
    raw = item(items, 3575)
    raw["doplnkoveUdaje"]["realizacePoskytovani"] = [{"priloha": {"url": "https://x.cz/1"}}]
    raw["poskytovatel"]["statutarniOrgany"] = [{"jmeno": "Jan", "prijmeni": "Nový"}]
    raw["zarizeni"][0]["nazev"] = "  " + raw["zarizeni"][0]["nazev"].replace(" ", "   ") + " "
    result = run(write_register(tmp_path / "same.json", items))
    assert (result.added, result.changed, result.ended, result.unchanged) == (0, 0, 0, 83)
    after = snapshot()
    # only the digest of the service whose file text changed is written again
    assert {k: v for k, v in after.items() if k != "services"} == {
        k: v for k, v in before.items() if k != "services"
    }
    assert [s[:4] for s in after["services"]] == [s[:4] for s in before["services"]]
    assert run(write_register(tmp_path / "same.json", items)).unchanged == 83


def test_a_changed_territory_is_taken_into_account(tmp_path):
    run()
    facility = Facility.objects.filter(service__portal_id=3575).first()
    municipality = facility.municipality
    Municipality.objects.filter(pk=municipality.pk).update(latitude="49.500000")
    result = run()
    assert result.changed >= 1
    facility = Facility.objects.filter(service__portal_id=3575).first()
    assert str(facility.latitude) == "49.500000"
    assert run().unchanged == 83


def test_a_failing_write_leaves_the_catalogue_as_it_was(tmp_path, monkeypatch):
    from socplan.catalogue import bulk

    run()
    before = snapshot()
    items = sample_items()
    item(items, 3575)["telefony"] = [{"telefon": "777 000 111", "poznamka": None}]
    items.append(new_item(item(items, 900003), 900099))
    original = bulk.run_operations
    facilities = Facility._meta.db_table
    ran = []

    def failing(operations, **kwargs):
        # the staged writes run until the facilities' insert, which fails
        for operation in operations:
            if facilities in str(operation[1]) and operation[0] in ("sqlite", "copy"):
                raise RuntimeError("disk full")
            ran.append(operation[0])
            original([operation], **kwargs)

    monkeypatch.setattr(bulk, "run_operations", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        run(write_register(tmp_path / "later.json", items))
    assert ran  # some writes ran before the failure, and were rolled back
    assert snapshot() == before
    assert RegistryImport.objects.order_by("-pk").first().status == RegistryImport.Status.FAILED
    monkeypatch.setattr(bulk, "run_operations", original)
    result = run(write_register(tmp_path / "later.json", items))
    assert (result.added, result.changed) == (1, 1)


def _everything_imported() -> dict:
    """What an import wrote, without ids and times (by portalId, in the order of ids)."""
    from django.db import connection

    from socplan.catalogue import search

    by_service = "service__portal_id"
    result = {
        "services": list(
            Service.objects.order_by("portal_id").values_list(
                "portal_id",
                "name",
                "provider__ico",
                "kind__register_id",
                "start_date",
                "end_date",
                "emails",
                "phones",
                "register_data",
                "register_hash",
                "search_text",
            )
        ),
        "facilities": list(
            Facility.objects.order_by("pk").values_list(
                by_service, "name", "street", "municipality_id", "latitude", "end_date"
            )
        ),
        "forms": list(ServiceForm.objects.order_by("pk").values_list(by_service, "form_id")),
        "capacities": list(
            Capacity.objects.order_by("pk").values_list(
                "service_form__service__portal_id", "type_id", "value", "note"
            )
        ),
        "areas": list(
            ServiceAreaMunicipality.objects.order_by("pk").values_list(
                by_service, "municipality_id", "origin"
            )
        ),
        "regions": list(ServiceRegion.objects.order_by("pk").values_list(by_service, "region_id")),
        "changes": list(
            ServiceChange.objects.order_by("pk").values_list(
                by_service, "field", "new_value", "note"
            )
        ),
    }
    for name in ("target_groups", "age_groups"):
        through = getattr(Service, name).through.objects.order_by("pk")
        result[name] = list(through.values_list(by_service, "codelistitem__register_id"))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.portal_id, f.name, f.body FROM {search.FTS_TABLE} f"  # noqa: S608
                " JOIN catalogue_service s ON s.id = f.rowid ORDER BY s.portal_id"
            )
            result["index"] = cursor.fetchall()
    return result


def _empty_catalogue():
    from django.db import connection

    from socplan.catalogue import search

    Service.objects.all().delete()
    Provider.objects.all().delete()
    RegistryImport.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {search.FTS_TABLE}")  # noqa: S608


def _report(result) -> dict:
    return {
        key: value
        for key, value in result.details.items()
        if key not in ("added_ids", "changed_ids", "ended_ids")
    } | {"added_ids": sorted(result.outcome.added_ids), "message": result.message}


def test_a_first_import_staged_by_two_processes_writes_what_one_process_writes(monkeypatch):
    from socplan.catalogue import bulk, search

    if bulk.stages_immediately():
        pytest.skip("SQLite only (on PostgreSQL the server's process takes the second core)")

    alone = run()
    written_alone, report_alone = _everything_imported(), _report(alone)
    _empty_catalogue()
    extended = []
    extend = bulk.Stage.extend

    def extending(stage, other, parts):
        extended.append(parts)
        return extend(stage, other, parts)

    monkeypatch.setattr(bulk.Stage, "extend", extending)
    monkeypatch.setattr(services, "PARALLEL_MIN_SERVICES", 2)
    monkeypatch.setattr(services, "_a_core_is_free", lambda: True)
    together = run()
    assert len(extended) == 1 and extended[0] > 0  # the helper staged its half
    assert (together.added, together.changed, together.unchanged) == (83, 0, 0)
    assert _report(together) == report_alone
    assert _everything_imported() == written_alone
    texts = dict(Service.objects.values_list("pk", "search_text"))
    search.reindex_all()
    assert dict(Service.objects.values_list("pk", "search_text")) == texts
    assert run().unchanged == 83  # and a second import finds nothing to change


def test_a_helper_that_meets_an_unknown_code_leaves_its_half_to_the_import(monkeypatch, tmp_path):
    from socplan.catalogue import bulk

    if bulk.stages_immediately():
        pytest.skip("SQLite only (on PostgreSQL the server's process takes the second core)")

    items = sample_items()
    items[-1]["druhSocialniSluzby"] = {"id": "DruhSocialniSluzby/999"}  # in the helper's half
    extended = []
    monkeypatch.setattr(bulk.Stage, "extend", lambda *args: extended.append(args))
    monkeypatch.setattr(services, "PARALLEL_MIN_SERVICES", 2)
    monkeypatch.setattr(services, "_a_core_is_free", lambda: True)
    result = run(write_register(tmp_path / "unknown.json", items))
    assert not extended  # the helper stopped: the import staged its half itself
    assert result.added == 83
    assert Service.objects.count() == 83
    unknown = CodelistItem.objects.get(register_id="DruhSocialniSluzby/999")
    assert not unknown.is_known
    assert Service.objects.get(portal_id=items[-1]["portalId"]).kind == unknown
    assert result.details["unknown_codes"] == {"DruhSocialniSluzby/999": 1}


# --- PostgreSQL: a first import drops the foreign keys between its tables until its end


def _foreign_keys() -> list[tuple]:
    """The foreign keys of the catalogue's tables as PostgreSQL describes them, with
    whether they are checked (their triggers)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid),"
            " c.convalidated, c.condeferrable, c.condeferred,"
            " (SELECT count(*) FROM pg_trigger t WHERE t.tgconstraint = c.oid AND"
            " t.tgenabled <> 'D')"
            " FROM pg_constraint c WHERE c.contype = 'f'"
            " AND (c.conrelid::regclass::text LIKE 'catalogue%%'"
            " OR c.confrelid::regclass::text LIKE 'catalogue%%')"
            " ORDER BY 1, 2"
        )
        return cursor.fetchall()


def _postgresql_only():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (SQLite checks its foreign keys at the commit)")


def _dropping(monkeypatch, **kwargs) -> list:
    """Spy on bulk.drop_foreign_keys (with ``kwargs``); the first import of the sample
    (83 services) counts as a bulk load."""
    from socplan.catalogue import bulk

    results = []
    drop = bulk.drop_foreign_keys

    def spy(*args, **more):
        results.append(drop(*args, **more, **kwargs))
        return results[-1]

    monkeypatch.setattr(bulk, "drop_foreign_keys", spy)
    monkeypatch.setattr(services, "BULK_LOAD_MIN_SERVICES", 2)
    return results


def test_a_first_import_with_its_foreign_keys_dropped_writes_what_checked_keys_write(
    monkeypatch,
):
    import sys

    from django.db import connection

    from socplan.catalogue import bulk, search

    _postgresql_only()
    keys = _foreign_keys()
    assert len(keys) > 10 and all(key[3] and key[6] == 4 for key in keys)
    monkeypatch.setattr(services, "BULK_LOAD_MIN_SERVICES", 10**9)
    monkeypatch.setattr(services, "IMMEDIATE_BATCH", 10)  # (several batches: the same)
    checked = run()
    written, report = _everything_imported(), _report(checked)
    queries = ["pecovatelska sluzba", "senior", "domov", "Praha"]
    ranks = [search.ranked_ids(Service.objects.all(), query) for query in queries]
    ranked = [[Service.objects.get(pk=pk).portal_id for pk in found] for found in ranks]
    assert any(ranked)
    _empty_catalogue()
    monkeypatch.setattr(services, "IMMEDIATE_BATCH", 1000)
    dropped = _dropping(monkeypatch)
    intervals = []
    original = bulk.run_operations

    def writing(operations, **kwargs):
        intervals.append(sys.getswitchinterval())
        original(operations, **kwargs)

    monkeypatch.setattr(bulk, "run_operations", writing)
    interval = sys.getswitchinterval()
    loaded = run()
    assert len(dropped) == 1 and len(dropped[0]) >= 10  # the keys between its tables
    # the writing thread got the interpreter lock back sooner while the import wrote
    assert set(intervals) == {min(interval, services.IMMEDIATE_SWITCH_INTERVAL)}
    assert sys.getswitchinterval() == interval
    assert (loaded.added, loaded.changed, loaded.unchanged) == (83, 0, 0)
    assert _report(loaded) == report
    assert _everything_imported() == written
    ranks = [search.ranked_ids(Service.objects.all(), query) for query in queries]
    assert [[Service.objects.get(pk=pk).portal_id for pk in found] for found in ranks] == ranked
    assert _foreign_keys() == keys  # all of them back, checked, the same
    with connection.cursor() as cursor:  # large values compressed with lz4, when there is
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        if cursor.fetchone()[0]:
            cursor.execute(
                "SELECT DISTINCT pg_column_compression(register_data) FROM catalogue_service"
                " WHERE pg_column_compression(register_data) IS NOT NULL"
            )
            assert [row[0] for row in cursor.fetchall()] == ["lz4"]
    assert run().unchanged == 83  # and a second import finds nothing to change
    assert len(dropped) == 1  # (and drops nothing)


def test_a_failing_first_import_leaves_the_foreign_keys_and_the_data_as_they_were(
    monkeypatch,
):
    from django.db import IntegrityError, connection, transaction

    from socplan.catalogue import bulk

    _postgresql_only()
    keys, before = _foreign_keys(), snapshot()
    dropped = _dropping(monkeypatch)
    original = bulk.run_operations
    facilities = Facility._meta.db_table

    def failing(operations, **kwargs):
        for operation in operations:
            if operation[0] == "copy" and facilities in operation[1]:
                raise RuntimeError("disk full")
            original([operation], **kwargs)

    monkeypatch.setattr(bulk, "run_operations", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        run()
    assert dropped and dropped[0]  # the keys were dropped, then the import failed
    assert _foreign_keys() == keys
    assert snapshot() == before
    assert RegistryImport.objects.order_by("-pk").first().status == RegistryImport.Status.FAILED
    # and the keys check again: an age group of no service is refused
    ages = Service.age_groups.through._meta.db_table
    services.ensure_codelists()
    group = CodelistItem.objects.order_by("pk").values_list("pk", flat=True).first()
    with (
        pytest.raises(IntegrityError, match="foreign key"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            f"INSERT INTO {ages} (service_id, codelistitem_id) VALUES (%s, %s)",  # noqa: S608
            [10**9, group],
        )


def test_a_first_import_that_cannot_lock_its_tables_keeps_the_foreign_keys(monkeypatch):
    import psycopg
    from django.db import connection

    _postgresql_only()
    keys = _foreign_keys()
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )
    try:
        # another session reads the codelists in a transaction of its own
        other.execute("LOCK TABLE catalogue_codelistitem IN ACCESS SHARE MODE")
        dropped = _dropping(monkeypatch, lock_timeout="50ms")
        result = run()
    finally:
        other.rollback()
        other.close()
    assert dropped == [None]  # not granted in time: the keys stayed
    assert (result.added, result.changed, result.unchanged) == (83, 0, 0)
    assert Facility.objects.filter(service__portal_id=3575).exists()
    assert _foreign_keys() == keys


def test_a_first_import_by_a_role_that_does_not_own_the_tables_keeps_the_foreign_keys(
    monkeypatch,
):
    from django.db import connection

    _postgresql_only()
    keys = _foreign_keys()
    role = "socplan_test_import_role"
    dropped = _dropping(monkeypatch)
    with connection.cursor() as cursor:  # (all in the test's transaction, rolled back)
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}")
        cursor.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}")
        cursor.execute(f"SET LOCAL ROLE {role}")
        try:
            result = run()
        finally:
            cursor.execute("RESET ROLE")
    assert dropped == [None]  # it may not alter the tables: the keys stayed
    assert (result.added, result.changed, result.unchanged) == (83, 0, 0)
    assert _foreign_keys() == keys


def test_sqlite_never_drops_foreign_keys():
    from django.db import connection

    from socplan.catalogue import bulk

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert bulk.drop_foreign_keys([Facility], [Service]) is None
    assert bulk.fast_compression() == []


def test_a_core_counts_as_free_with_the_import_itself_in_the_load():
    """The importing process counts in the load average itself (about 1): on 2 cores the
    helper runs at a load of 1.1 (the import alone), not at 1.6 or more (other work)."""
    assert services._a_core_is_free(load=0.2, cores=2)
    assert services._a_core_is_free(load=1.1, cores=2)
    assert not services._a_core_is_free(load=1.6, cores=2)
    assert not services._a_core_is_free(load=2.4, cores=2)
    assert services._a_core_is_free(load=3.0, cores=4)
