"""The SWOT and findings pages: writing, rating, merging, approving, printing, the
findings form (errors keep the input), CSV and XLSX downloads."""

import csv
import io

import pytest
from django.urls import reverse

from socplan.analysis import services
from socplan.analysis.models import Finding, SwotItem, SwotRating
from socplan.organisation.models import Membership

from .helpers import make_group, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(process):
    return make_group(process)


@pytest.fixture
def member_person(group, member):
    return make_member(group, "Členka Dvořáková", user=member)


def _swot_url(process, group):
    return reverse("analysis:swot_detail", kwargs={"slug": process.slug, "group": group.slug})


def test_a_member_writes_and_rates_items(process, group, member_person, member, client_for):
    client = client_for(member)
    url = _swot_url(process, group)
    response = client.post(url, {"item-quadrant": "weakness", "item-text": "Chybí poradna"})
    assert response.status_code == 302
    item = SwotItem.objects.get()
    assert item.author == member_person and item.swot.group == group
    page = client.get(url).content.decode()
    assert "Chybí poradna" in page and f'name="score-{item.pk}"' in page
    rate_url = reverse("analysis:swot_rate", kwargs={"slug": process.slug, "swot": item.swot.pk})
    client.post(rate_url, {f"score-{item.pk}": "4"})
    assert SwotRating.objects.get().score == 4
    client.post(rate_url, {f"score-{item.pk}": ""})
    assert not SwotRating.objects.exists()
    # a member does not merge, edit or approve
    edit = reverse("analysis:swot_item_edit", kwargs={"slug": process.slug, "item": item.pk})
    assert client.get(edit).status_code == 403


def test_an_empty_item_is_refused_and_the_choice_kept(
    process, group, member_person, member, client_for
):
    response = client_for(member).post(
        _swot_url(process, group), {"item-quadrant": "threat", "item-text": "   "}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert '<option value="threat" selected>' in page
    assert not SwotItem.objects.exists()


def test_a_person_outside_the_group_does_not_rate(process, group, member, client_for):
    # the member persona has a role in the process, but no membership of the group
    item = services.swot_item_add(
        actor=None, process=process, group=group, quadrant="strength", text="Síla"
    )
    page = client_for(member).get(_swot_url(process, group)).content.decode()
    assert f'name="score-{item.pk}"' not in page
    rate_url = reverse("analysis:swot_rate", kwargs={"slug": process.slug, "swot": item.swot.pk})
    response = client_for(member).post(rate_url, {f"score-{item.pk}": "5"})
    assert response.status_code == 403
    assert not SwotRating.objects.exists()


def test_the_coordinator_merges_approves_and_prints(process, group, coordinator, client_for):
    client = client_for(coordinator)
    a = services.swot_item_add(
        actor=None, process=process, group=group, quadrant="weakness", text="A"
    )
    b = services.swot_item_add(
        actor=None, process=process, group=group, quadrant="weakness", text="B"
    )
    merge = reverse("analysis:swot_item_merge", kwargs={"slug": process.slug, "item": a.pk})
    response = client.post(merge, {"items": [b.pk], "text": "A i B"})
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.merged_into == a
    approval = reverse("analysis:swot_approval", kwargs={"slug": process.slug, "swot": a.swot.pk})
    client.post(approval, {"note": "PS 3/2018", "approve": "1"})
    a.swot.refresh_from_db()
    assert a.swot.is_approved and a.swot.note == "PS 3/2018"
    printed = client.get(
        reverse("analysis:swot_print", kwargs={"slug": process.slug, "group": group.slug})
    ).content.decode()
    assert "A i B" in printed and "Merged duplicates:" in printed and "„B“" in printed
    assert "Approved on" in printed
    client.post(approval, {"reopen": "1"})
    a.swot.refresh_from_db()
    assert not a.swot.is_approved


def test_the_process_swot_takes_items_from_the_groups(process, group, coordinator, client_for):
    item = services.swot_item_add(
        actor=None, process=process, group=group, quadrant="opportunity", text="Dotace"
    )
    url = reverse("analysis:swot_take_over", kwargs={"slug": process.slug})
    assert client_for(coordinator).post(url, {"items": [item.pk]}).status_code == 302
    page = (
        client_for(coordinator)
        .get(reverse("analysis:swot_process", kwargs={"slug": process.slug}))
        .content.decode()
    )
    assert "Dotace" in page and group.name in page


def test_the_findings_form_keeps_the_input_on_error(process, coordinator, client_for):
    url = reverse("analysis:finding_create", kwargs={"slug": process.slug})
    response = client_for(coordinator).post(
        url, {"statement": "Chybí dluhová poradna", "source_kind": "swot"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Chybí dluhová poradna" in page and 'aria-invalid="true"' in page
    assert not Finding.objects.exists()
    response = client_for(coordinator).post(
        url,
        {
            "statement": "Chybí dluhová poradna",
            "source_kind": "other",
            "source_note": "Úřad práce",
            "municipalities": [process.planning_area.municipalities.first().pk],
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.code == "Z01" and finding.municipalities.count() == 1
    edit = reverse("analysis:finding_edit", kwargs={"slug": process.slug, "pk": finding.pk})
    client_for(coordinator).post(
        edit, {"statement": "Chybí poradna", "source_kind": "other", "source_note": "ÚP"}
    )
    finding.refresh_from_db()
    assert finding.statement == "Chybí poradna" and finding.municipalities.count() == 0


def test_an_indicator_finding_from_the_form_keeps_the_value(process, coordinator, client_for):
    url = reverse("analysis:finding_create", kwargs={"slug": process.slug})
    form_page = client_for(coordinator).get(url).content.decode()
    assert 'value="population"' in form_page
    client_for(coordinator).post(
        url,
        {
            "statement": "Málo obyvatel",
            "source_kind": "indicator",
            "indicator_key": "population",
            "indicator_area": process.planning_area.slug,
        },
    )
    finding = Finding.objects.get()
    assert finding.indicator_value == 10835 + 330 + 695
    listing = (
        client_for(coordinator)
        .get(reverse("analysis:finding_list", kwargs={"slug": process.slug}))
        .content.decode()
    )
    assert "Population (orp-humpolec): 11,860 (as of 26 Mar 2021); now 11,860" in listing


def test_the_tables_download_as_csv_and_xlsx(process, group, member, client_for):
    from openpyxl import load_workbook

    item = services.swot_item_add(
        actor=None, process=process, group=group, quadrant="threat", text="Odliv pracovníků"
    )
    person = make_member(group, "Hodnotitel")
    services.swot_rate(actor=None, item=item, person=person, score=4)
    services.finding_create(
        actor=None,
        process=process,
        statement="Chybí pracovníci",
        source_kind="swot",
        swot_item=item,
    )
    client = client_for(member)
    response = client.get(
        reverse("analysis:swot_export", kwargs={"slug": process.slug, "format": "csv"})
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["SWOT of", "Part", "Item"]
    assert rows[1][1:3] == ["Threats", "Odliv pracovníků"]
    assert float(rows[1][3].replace(",", ".")) == 4 and rows[1][4] == "1"
    response = client.get(
        reverse("analysis:finding_export", kwargs={"slug": process.slug, "format": "xlsx"})
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:2] == ["Code", "Finding"]
    assert values[1][0] == "Z01" and values[1][1] == "Chybí pracovníci"
    assert "Odliv pracovníků" in values[1][2]
    assert values[1][-1] == "open need"
    assert (
        client.get(
            reverse("analysis:finding_export", kwargs={"slug": process.slug, "format": "pdf"})
        ).status_code
        == 404
    )


def test_memberships_that_ended_do_not_write(process, group, member, client_for):
    import datetime

    make_member(group, "Členka Dvořáková", user=member, end=datetime.date(2018, 6, 30))
    assert Membership.objects.filter(person__user=member).count() == 1
    response = client_for(member).post(
        _swot_url(process, group), {"item-quadrant": "weakness", "item-text": "Pozdě"}
    )
    assert response.status_code == 403
    assert not SwotItem.objects.exists()
