"""The analytical chapters of the plan document, read back from the PDF and the DOCX XML:
demography, the approved SWOTs, the findings with their measures, each measure's evidence."""

import io
import zipfile

import pytest

from socplan.analysis import services as analysis_services
from socplan.documents.pdf import pdf_text
from socplan.documents.plan import plan_docx, plan_pdf
from socplan.organisation.models import Group
from socplan.planning import services
from socplan.planning.models import Measure
from socplan.planning.tests.builders import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(process):
    plan = make_plan(process)
    group = Group.objects.create(
        process=process, kind=Group.Kind.TARGET_GROUP, name="PS Senioři", slug="seniori"
    )
    strength = analysis_services.swot_item_add(
        actor=None, process=process, group=group, quadrant="strength", text="Zkušená charita"
    )
    analysis_services.swot_item_add(
        actor=None, process=process, group=group, quadrant="threat", text="Stárnutí obyvatel"
    )
    analysis_services.swot_item_add(
        actor=None, process=process, group=group, quadrant="weakness", text="Neschválená slabina"
    )
    analysis_services.swot_approve(actor=None, swot=strength.swot)
    other = Group.objects.create(
        process=process, kind=Group.Kind.TARGET_GROUP, name="PS Rodiny", slug="rodiny"
    )
    analysis_services.swot_item_add(
        actor=None, process=process, group=other, quadrant="strength", text="Rozepsaná položka"
    )
    answered = analysis_services.finding_create(
        actor=None, process=process, statement="Pečovatelská služba nejezdí o víkendech"
    )
    analysis_services.finding_create(
        actor=None, process=process, statement="Chybí azylové bydlení pro matky"
    )
    measure = Measure.objects.get(priority__plan=plan, code="1.1")
    services.measure_update(actor=None, measure=measure, findings=[answered])
    return plan


def _docx_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode()


def _docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts).replace("\xa0", " ")  # Czech non-breaking spaces


def test_the_pdf_has_the_analytical_chapters(plan):
    text = " ".join(pdf_text(plan_pdf(plan=plan, language="en")).split())
    assert "Sociodemographic analysis" in text
    assert "Population of the area by age" in text
    assert "SWOT analysis" in text and "PS Senioři" in text
    assert "Zkušená charita" in text and "Stárnutí obyvatel" in text
    assert "Rozepsaná položka" not in text  # a SWOT not approved stays out
    assert "Z01 Pečovatelská služba nejezdí o víkendech" in text
    assert "Evidence: Z01 Pečovatelská služba nejezdí o víkendech" in text
    assert "Open needs" in text and "Z02 Chybí azylové bydlení pro matky" in text


def test_the_docx_has_the_analytical_chapters(plan):
    content = plan_docx(plan=plan, language="en")
    text = _docx_text(content)
    assert "Sociodemographic analysis" in text
    assert "SWOT analysis" in text and "PS Senioři" in text
    assert "Zkušená charita | " in text
    assert "Rozepsaná položka" not in text
    assert "Z01 | Pečovatelská služba nejezdí o víkendech" in text
    assert "Evidence: Z01 Pečovatelská služba nejezdí o víkendech" in text
    assert "Z02 Chybí azylové bydlení pro matky" in text
    xml = _docx_xml(content)
    assert "Stárnutí obyvatel" in xml and 'w:val="Heading1"' in xml


def test_the_demo_plan_has_demography_coverage_swot_and_evidence():
    """The demo plan of Humpolec, with the national data of the demo area: the charts and
    tables of the analysis's services, the groups' SWOTs and each measure's evidence."""
    from django.apps import apps

    from socplan.core.demo import DemoReport
    from socplan.planning.models import Plan

    report = DemoReport()
    for config in apps.get_app_configs():
        loader = getattr(config, "load_demo", None)
        if loader is not None:
            loader(report)
        if config.label == "planning":
            break
    plan = Plan.objects.get(is_demo=True, kind=Plan.Kind.MEDIUM_TERM)
    text = " ".join(pdf_text(plan_pdf(plan=plan, language="en")).split())
    assert "Sociodemographic analysis" in text
    assert "Population pyramid of" in text
    assert "Services against needs" in text
    assert "SWOT of the whole process" in text
    assert "Pracovní skupina Rozšíření služeb pro seniory" in text
    assert "Evidence: Z01 Podíl obyvatel nad 65 let" in text
    docx = _docx_text(plan_docx(plan=plan, language="en"))
    assert "Services against needs" in docx
    assert "Z05 | Pečovatelská služba nepokrývá víkendy a nejmenší obce." in docx


def test_a_finding_answered_only_by_another_plan_is_open_in_this_one(plan):
    from socplan.analysis.models import Finding

    other = services.plan_create(
        actor=None, process=plan.process, title="Další plán", year_start=2022, year_end=2024
    )
    priority = services.priority_create(actor=None, plan=other, title="Priorita")
    services.measure_create(
        actor=None,
        priority=priority,
        title="Azylový dům",
        findings=[Finding.objects.get(statement="Chybí azylové bydlení pro matky")],
    )

    def row(document_text):
        return next(line for line in document_text.splitlines() if line.startswith("Z02 | "))

    assert row(_docx_text(plan_docx(plan=plan, language="en"))).endswith("| open need")
    assert row(_docx_text(plan_docx(plan=other, language="en"))).endswith("| 1.1")
