"""A measure answers findings of the analysis: the link in the editor, each finding with
the measures that answer it, the open needs, and the kept versions."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from socplan import testing
from socplan.analysis import selectors as analysis_selectors
from socplan.analysis import services as analysis_services
from socplan.planning import selectors, services
from socplan.planning.models import Measure

from .builders import make_plan
from .test_views import measure_post, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(process):
    return make_plan(process)


@pytest.fixture
def findings(process):
    return [
        analysis_services.finding_create(actor=None, process=process, statement=text)
        for text in ("Chybí víkendová péče", "Pečující potřebují volno", "Chybí byty")
    ]


def test_each_finding_shows_the_measures_that_answer_it(plan, findings):
    m11 = Measure.objects.get(priority__plan=plan, code="1.1")
    m12 = Measure.objects.get(priority__plan=plan, code="1.2")
    services.measure_update(actor=None, measure=m11, findings=[findings[0], findings[1]])
    services.measure_update(actor=None, measure=m12, findings=[findings[1]])
    listed = {f.statement: f for f in analysis_selectors.findings_of_process(process=plan.process)}
    assert [a.code for a in listed["Chybí víkendová péče"].answers] == ["1.1"]
    assert [a.code for a in listed["Pečující potřebují volno"].answers] == ["1.1", "1.2"]
    assert listed["Chybí byty"].answers == [] and listed["Chybí byty"].is_open
    assert listed["Chybí víkendová péče"].answers[0].url == reverse(
        "planning:measure_detail",
        kwargs={"slug": plan.process.slug, "pk": plan.pk, "measure_pk": m11.pk},
    )
    assert [f.statement for f in selectors.open_needs(plan=plan)] == ["Chybí byty"]
    open_only = analysis_selectors.findings_of_process(process=plan.process, open_only=True)
    assert [f.statement for f in open_only] == ["Chybí byty"]


def test_a_finding_of_another_process_is_refused(plan, findings):
    other = testing.make_process(area=plan.process.planning_area, slug="jiny")
    foreign = analysis_services.finding_create(actor=None, process=other, statement="Jinde")
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    with pytest.raises(ValidationError):
        services.measure_update(actor=None, measure=measure, findings=[foreign])
    assert not measure.findings.exists()


def test_the_editor_links_a_measure_to_findings(plan, findings, coordinator, client_for):
    measure = Measure.objects.get(priority__plan=plan, code="1.2")
    client = client_for(coordinator)
    form = client.get(url("planning:measure_edit", plan, measure_pk=measure.pk)).content.decode()
    assert 'name="findings"' in form and "Z02 Pečující potřebují volno" in form
    response = client.post(
        url("planning:measure_edit", plan, measure_pk=measure.pk),
        measure_post(measure, findings=[findings[1].pk]),
    )
    assert response.status_code == 302
    assert list(measure.findings.all()) == [findings[1]]
    editor = client.get(url("planning:plan_editor", plan)).content.decode()
    assert "Open needs" in editor and "Chybí byty" in editor
    detail = client.get(url("planning:measure_detail", plan, measure_pk=measure.pk))
    assert (
        "Z02" in detail.content.decode() and "Pečující potřebují volno" in detail.content.decode()
    )
    register = client.get(
        reverse("analysis:finding_list", kwargs={"slug": plan.process.slug})
    ).content.decode()
    assert f'href="{url("planning:measure_detail", plan, measure_pk=measure.pk)}"' in register


def test_the_kept_version_names_the_findings(plan, findings):
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    services.measure_update(actor=None, measure=measure, findings=[findings[0]])
    snapshot = plan.versions.order_by("-revision").first().snapshot
    measures = [m for p in snapshot["priorities"] for m in p["measures"]]
    assert measures[0]["findings"] == ["Z01 Chybí víkendová péče"]


def test_deleting_a_finding_unlinks_it(plan, findings, coordinator):
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    services.measure_update(actor=None, measure=measure, findings=[findings[0]])
    analysis_services.finding_delete(actor=coordinator, finding=findings[0])
    assert not measure.findings.exists()
