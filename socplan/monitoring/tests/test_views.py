"""The monitoring pages: filling in a period by plain forms (no JavaScript), errors that
keep what was typed, the workflow, the dashboard and the evaluation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from socplan.monitoring.models import ActivityReport, ActualCost, IndicatorValue
from socplan.monitoring.tests.builders import approve, items, make_period

pytestmark = pytest.mark.django_db


def _url(name, period, **extra):
    kwargs = {"slug": period.process.slug, "pk": period.plan.pk, **extra}
    if name not in ("setup", "evaluation", "next_plan", "period_list", "dashboard"):
        kwargs["year"] = period.year
    return reverse(f"monitoring:{name}", kwargs=kwargs)


def test_it_opens_a_year_from_the_list(process, coordinator, client_for):
    period = make_period(process)
    plan = period.plan
    from socplan.planning import services as planning_services

    action_2020 = planning_services.action_plan_create(actor=None, medium_term_plan=plan, year=2020)
    client = client_for(coordinator)
    url = _url("period_list", period)
    page = client.get(url).content.decode()
    assert "Monitoring 2019" in page and "Open the monitoring" in page
    response = client.post(url, {"action_plan": action_2020.pk, "deadline": "2021-01-31"})
    assert response.status_code == 302
    assert action_2020.monitoring_period.deadline.isoformat() == "2021-01-31"


def test_it_fills_in_an_activity_and_keeps_the_input_on_errors(process, coordinator, client_for):
    period = make_period(process)
    item = items(period)["1.1.1"]
    client = client_for(coordinator)
    url = _url("activity_report", period, item_pk=item.pk)
    page = client.get(url).content.decode()
    assert "Real costs by funding source" in page and "1,000,000" in page  # planned
    response = client.post(
        url, {"status": "done", "progress": "70", "commentary": "Hotovo, ale…", "cost_state": "x"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Hotovo, ale…" in html and 'aria-invalid="true"' in html
    assert not ActivityReport.objects.exists()
    # done with less than 100 %: the service refuses, the form says why
    response = client.post(url, {"status": "done", "progress": "70", "commentary": "Hotovo"})
    assert response.status_code == 400
    assert "100" in response.content.decode()
    response = client.post(
        url,
        {
            "status": "in_progress",
            "progress": "70",
            "commentary": "Běží",
            "links": "https://example.org/zprava",
            "cost_municipalities": "900000",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "in_progress"
    assert ActualCost.objects.get(action_item=item).amount == 900000
    detail = client.get(_url("period_detail", period)).content.decode()
    assert "Běží" in detail and "partly done" in detail and "https://example.org/zprava" in detail


def test_it_records_indicator_values(process, coordinator, client_for):
    period = make_period(process)
    indicator = period.plan.priorities.first().measures.first().indicators.get()
    client = client_for(coordinator)
    url = _url("indicator_values", period)
    response = client.post(url, {f"value_{indicator.pk}": "abc"})
    assert response.status_code == 400
    response = client.post(url, {f"value_{indicator.pk}": "84", f"note_{indicator.pk}": "ze zpráv"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get().value == 84


def test_the_bulk_update_page_lists_errors_and_changes_nothing(process, coordinator, client_for):
    period = make_period(process)
    client = client_for(coordinator)
    url = _url("bulk_import", period)
    bad = SimpleUploadedFile("m.csv", "kód;stav\n1.1.1;hotovka\n".encode())
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "Row 2, state" in response.content.decode()
    good = SimpleUploadedFile("m.csv", "kód;stav\n1.1.1;splněno\n".encode())
    assert client.post(url, {"file": good}).status_code == 302
    assert items(period)["1.1.1"].status == "done"
    txt = SimpleUploadedFile("m.txt", b"x")
    assert client.post(url, {"file": txt}).status_code == 400


def test_the_workflow_from_the_page(process, coordinator, client_for, settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path
    period = make_period(process)
    client = client_for(coordinator)
    url = _url("period_workflow", period)
    client.post(url, {"action": "submit"})
    response = client.post(url, {"action": "return", "comment": ""}, follow=True)
    assert "Say what should be completed" in response.content.decode()
    client.post(url, {"action": "return", "comment": "Doplňte komentáře."})
    page = client.get(_url("period_detail", period)).content.decode()
    assert "Doplňte komentáře." in page
    client.post(url, {"action": "submit"})
    client.post(url, {"action": "approve"})
    period.refresh_from_db()
    assert period.is_locked
    missing = client.post(
        _url("council_note", period), {"decision": "took_note", "decided_on": "2020-03-16"}
    )
    assert missing.status_code == 400 and "Enter the number of the resolution." in (
        missing.content.decode()
    )
    response = client.post(
        _url("council_note", period),
        {
            "body_name": "Rada města",
            "decision": "took_note",
            "decided_on": "2020-03-16",
            "resolution_number": "RM 5/2020",
            "file": SimpleUploadedFile(
                "usneseni.pdf", b"%PDF-1.4 rm", content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 302
    page = client_for(None).get(_url("period_detail", period)).content.decode()
    assert "RM 5/2020" in page and "Rada města" in page
    file_url = _url("council_decision_file", period)
    assert file_url in page
    # the approved report of a published process is public, and so is its resolution
    download = client_for(None).get(file_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 rm"
    assert list(tmp_path.rglob("usneseni.pdf"))
    # the process page lists the approved report
    process_page = client_for(None).get(process.get_absolute_url()).content.decode()
    assert "Monitoring report 2019" in process_page
    process.is_published = False  # an unpublished process: the resolution is for its people
    process.save(update_fields=["is_published"])
    assert client_for(None).get(file_url).status_code in (403, 404)
    assert client.get(file_url).status_code == 200


def test_the_light_can_be_set_with_a_reason(process, coordinator, client_for):
    period = make_period(process)
    client = client_for(coordinator)
    measure = items(period)["1.1.1"].activity.measure
    url = _url("light_override", period) + f"?target=m{measure.pk}"
    response = client.post(url, {"target": f"m{measure.pk}", "light": "at_risk", "reason": ""})
    assert response.status_code == 400
    response = client.post(
        url, {"target": f"m{measure.pk}", "light": "at_risk", "reason": "Personál chybí."}
    )
    assert response.status_code == 302
    assert "Personál chybí." in client.get(_url("period_detail", period)).content.decode()


def test_the_setup_saves_weights_and_kinds(process, coordinator, client_for):
    period = make_period(process)
    plan = period.plan
    client = client_for(coordinator)
    url = _url("setup", period)
    page = client.get(url)
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    priority = plan.priorities.first()
    indicator = priority.measures.first().indicators.get()
    data[f"w_p_{priority.pk}"] = "2"
    data[f"agg_{indicator.pk}"] = "cumulative"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    from socplan.monitoring.models import IndicatorSetup, Weight

    assert Weight.objects.get(priority=priority).weight == 2
    assert IndicatorSetup.objects.get(indicator=indicator).aggregation == "cumulative"


def test_the_public_dashboard_shows_charts_with_tables(process, client_for):
    period = make_period(process)
    from socplan.monitoring import services

    services.activity_report_save(
        actor=None, period=period, item=items(period)["1.1.1"], status="done"
    )
    indicator = period.plan.priorities.first().measures.first().indicators.get()
    services.indicator_value_set(actor=None, period=period, indicator=indicator, value=85)
    client = client_for(None)
    page = client.get(_url("dashboard", period)).content.decode()
    assert "No monitoring of this plan has been approved yet." in page
    approve(period)
    page = client.get(_url("dashboard", period)).content.decode()
    assert "<svg" in page and "<table" in page
    assert "Progress of the plan by year" in page
    assert "Počet klientů" in page and "85" in page
    assert "<script" not in page.split("</header>")[1]


def test_the_evaluation_is_started_and_starts_the_next_plan(process, coordinator, client_for):
    period = make_period(process)
    approve(period)
    client = client_for(coordinator)
    url = _url("evaluation", period)
    assert "Start the evaluation" in client.get(url).content.decode()
    client.post(url, {"action": "start"})
    page = client.get(url).content.decode()
    assert "Share of activities done" in page and "Unfinished activities" in page
    # the indicator table names the plan's last year (it once came out empty: "in :")
    year = period.plan.year_end
    assert f"Indicators in {year}: actual value against baseline and target" in page
    assert f"{year}: planned" in page
    response = client.post(
        url, {"lessons": "Poučení.", "recommendations": "", "status": "completed"}
    )
    assert response.status_code == 302
    assert "Poučení." in client_for(None).get(url).content.decode()  # completed: public
    response = client.post(
        _url("next_plan", period), {"title": "Plán 2022–2024", "year_start": 2022, "year_end": 2021}
    )
    assert response.status_code == 400
    response = client.post(
        _url("next_plan", period), {"title": "Plán 2022–2024", "year_start": 2022, "year_end": 2024}
    )
    assert response.status_code == 302
    from socplan.planning.models import Plan

    new = Plan.objects.get(title="Plán 2022–2024")
    assert new.status == "draft" and new.priorities.exists()


def test_the_pages_speak_czech(process, coordinator, client_for, settings):
    settings.LANGUAGE_CODE = "cs"
    period = make_period(process)
    client = client_for(coordinator)
    page = client.get(_url("period_detail", period)).content.decode()
    assert "Monitoring 2019" in page and "2\xa0019" not in page
    assert "Indikátory v roce 2019: skutečná hodnota" in page
    assert "Stav priorit, opatření a aktivit" in page and "Předat ke schválení" in page
    assert "nezahájeno" in page  # the state of an activity, as the monitoring names it
    form = client.get(_url("activity_report", period, item_pk=items(period)["1.1.1"].pk))
    assert "Skutečné náklady podle zdrojů financování" in form.content.decode()
