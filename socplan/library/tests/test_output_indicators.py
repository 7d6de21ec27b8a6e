"""Output indicators (the funder's): the selector's numbers against counts of the
underlying data, the dashboard, its former address, and the XLSX export read back."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from socplan.library import selectors, services
from socplan.library.models import Document
from socplan.organisation.models import Attendance, Meeting

from .helpers import at, make_meeting, make_person, pdf_upload

pytestmark = pytest.mark.django_db

FROM, TO = datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)


@pytest.fixture
def data(process):
    """Meetings in and out of 2019, held, planned and cancelled, with attendance."""
    eva, jan, petr = (make_person(process, name) for name in ("Eva", "Jan", "Petr"))
    wg1 = make_meeting(process, when=at(2019, 2, 1))
    wg2 = make_meeting(process, when=at(2019, 12, 31, 18))
    sg = make_meeting(process, kind="steering_group", when=at(2019, 5, 5))
    training = make_meeting(process, kind="training", when=at(2019, 6, 6))
    public = make_meeting(process, kind="public", when=at(2019, 7, 7), public=True)
    make_meeting(process, when=at(2019, 8, 8), status="planned")
    make_meeting(process, kind="training", when=at(2019, 9, 9), status="cancelled")
    outside = make_meeting(process, when=at(2018, 12, 31, 23))
    for meeting, people in [
        (wg1, [eva, jan]),
        (wg2, [eva]),
        (sg, [jan, petr]),
        (training, [eva, petr]),
        (outside, [eva, jan, petr]),
    ]:
        for person in people:
            Attendance.objects.create(meeting=meeting, person=person)
    Attendance.objects.create(meeting=wg1, person=petr, present=False)  # excused
    Attendance.objects.create(meeting=training, guest_name="Host Novák", guest_organisation="ÚP")
    Attendance.objects.create(meeting=public, guest_name="host novák")
    Attendance.objects.create(meeting=public, guest_name="Jana Veřejná")
    for when, is_public in [
        (at(2019, 4, 4), True),
        (at(2019, 4, 5), False),
        (at(2020, 1, 1), True),
    ]:
        services.event_create(
            process=process, actor=None, title="Akce", starts_at=when, is_public=is_public
        )
    for issued, category in [
        (datetime.date(2019, 3, 3), "information"),
        (datetime.date(2019, 11, 3), "information"),
        (datetime.date(2020, 1, 3), "information"),
        (datetime.date(2019, 3, 3), "founding"),
    ]:
        services.document_create(
            process=process,
            actor=None,
            title="Leták",
            category=category,
            issued_on=issued,
            file=pdf_upload(),
        )
    return process


def test_it_computes_the_output_indicators_from_the_data(data):
    result = selectors.output_indicators(process=data, date_from=FROM, date_to=TO)

    held = Meeting.objects.filter(
        process=data,
        status="held",
        starts_at__gte=at(2019, 1, 1, 0),
        starts_at__lt=at(2020, 1, 1, 0),
    )
    by_kind = {kind: n for kind, _label, n in result.meetings_by_kind}
    assert by_kind == {
        "working_group": held.filter(kind="working_group").count(),
        "steering_group": 1,
        "public": 1,
        "mayors": 0,
        "information": 0,
        "training": 1,
    }
    assert by_kind["working_group"] == 2
    assert result.meetings_total == held.count() == 5
    present = Attendance.objects.filter(meeting__in=held, present=True)
    assert result.attendances == present.count() == 10
    assert result.guest_attendances == present.filter(person__isnull=True).count() == 3
    # Eva, Jan, Petr and two guests ("Host Novák" twice, differently written)
    assert result.distinct_participants == 5
    assert result.trainings == 1
    assert result.persons_trained == 3  # Eva, Petr, Host Novák
    assert result.public_meetings == 1
    assert result.public_events == 1
    assert (
        result.information_materials
        == Document.objects.filter(category="information", issued_on__year=2019).count()
        == 2
    )


def test_a_narrower_range_counts_less(data):
    result = selectors.output_indicators(
        process=data, date_from=datetime.date(2019, 12, 31), date_to=datetime.date(2019, 12, 31)
    )
    assert (result.meetings_total, result.attendances, result.distinct_participants) == (1, 1, 1)
    assert result.information_materials == 0


def test_the_dashboard_shows_the_numbers_and_validates_the_range(data, coordinator, client_for):
    url = reverse("library:output_indicators", kwargs={"slug": data.slug})
    client = client_for(coordinator)

    page = client.get(url, {"od": "2019-01-01", "do": "2019-12-31"}).content.decode()
    assert '<th scope="row">Meetings held, in total</th><td class="num">5</td>' in page
    assert '<th scope="row">Persons trained</th><td class="num">3</td>' in page

    bad = client.get(url, {"od": "2019-12-31", "do": "2019-01-01"}).content.decode()
    assert "The end of the range cannot be before its start." in bad
    assert "Meetings held, in total" not in bad
    # without a range: the realization or plan period of the process
    assert "Meetings held, in total" in client.get(url).content.decode()


def test_the_xlsx_export_has_the_same_numbers(data, coordinator, client_for):
    url = reverse("library:output_indicators_xlsx", kwargs={"slug": data.slug})

    response = client_for(coordinator).get(url, {"od": "2019-01-01", "do": "2019-12-31"})

    assert response.status_code == 200
    assert (
        "vystupove-ukazatele-kpss-humpolec-20190101-20191231.xlsx"
        in response["Content-Disposition"]
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == data.name
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["From"].date() == FROM and rows["To"].date() == TO
    expected = selectors.output_indicators(process=data, date_from=FROM, date_to=TO).rows()
    for label, value in expected:
        assert rows[label] == value, label
    assert rows["Meetings held: training"] == 1
    assert rows["Distinct participants"] == 5


def test_the_xlsx_export_refuses_a_bad_range(data, coordinator, client_for):
    url = reverse("library:output_indicators_xlsx", kwargs={"slug": data.slug})
    response = client_for(coordinator).get(url, {"od": "nonsense", "do": "2019-12-31"})
    assert response.status_code == 400


def test_the_command_prints_and_writes_the_same_numbers(data, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    printed = StringIO()
    call_command(
        "output_indicators",
        data.slug,
        "--from",
        "2019-01-01",
        "--to",
        "2019-12-31",
        stdout=printed,
    )
    lines = dict(line.split("\t") for line in printed.getvalue().splitlines())
    assert lines["Meetings held, in total"] == "5"
    assert lines["Distinct participants"] == "5"

    out = tmp_path / "ukazatele.xlsx"
    call_command(
        "output_indicators",
        data.slug,
        "--from=2019-01-01",
        "--to=2019-12-31",
        f"--out={out}",
        stdout=StringIO(),
    )
    sheet = load_workbook(out).active
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["Persons trained"] == 3

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("output_indicators", data.slug, "--from", "1.1.2019", stdout=StringIO())
    with pytest.raises(CommandError, match="no process"):
        call_command("output_indicators", "neni", stdout=StringIO())


def test_the_former_addresses_move_permanently(data, coordinator, client_for):
    client = client_for(coordinator)
    new = reverse("library:output_indicators", kwargs={"slug": data.slug})
    old = f"/procesy/{data.slug}/ukazatele/"
    assert new == f"/procesy/{data.slug}/vystupove-ukazatele/"
    response = client.get(old + "?od=2019-01-01&do=2019-12-31")
    assert response.status_code == 301
    assert response["Location"] == new + "?od=2019-01-01&do=2019-12-31"
    xlsx = reverse("library:output_indicators_xlsx", kwargs={"slug": data.slug})
    response = client.get(old + "xlsx/?od=2019-01-01&do=2019-12-31")
    assert response.status_code == 301
    assert response["Location"] == xlsx + "?od=2019-01-01&do=2019-12-31"
