"""The evaluation of a plan at its end as PDF and DOCX, read back: the share of activities
done, the achievement of the indicators, the costs by funding source and year, the lessons;
who may download it."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from socplan.documents.monitoring import evaluation_docx, evaluation_pdf
from socplan.documents.tests.test_monitoring_report import _docx_text, _text
from socplan.monitoring import services
from socplan.monitoring.tests.builders import approve, items, make_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(process, coordinator):
    period = make_period(process)
    its = items(period)
    services.activity_report_save(
        actor=coordinator,
        period=period,
        item=its["1.1.1"],
        status="done",
        costs=[
            {"source": "municipalities", "amount": Decimal("950000")},
            {"source": "state", "amount": Decimal("2000000")},
        ],
    )
    services.activity_report_save(
        actor=coordinator, period=period, item=its["2.1.1"], status="not_done", progress=20
    )
    indicator = period.plan.priorities.first().measures.first().indicators.get()
    services.indicator_value_set(actor=coordinator, period=period, indicator=indicator, value=84)
    approve(period, coordinator)
    evaluation = services.evaluation_start(actor=coordinator, plan=period.plan)
    return services.evaluation_update(
        actor=coordinator,
        evaluation=evaluation,
        lessons="Terénní služby se osvědčily.\nJob klub nenašel účastníky.",
        recommendations="Zapojit úřad práce.",
        status="started",
    )


def test_the_pdf_has_every_part_of_the_evaluation(evaluation):
    text = " ".join(_text(evaluation_pdf(evaluation=evaluation, language="en")).split())
    assert "Evaluation of the plan" in text and "Střednědobý plán 2019–2021" in text
    # one of the three activities done (1.2.1 never planned: not started; 2.1.1 not done)
    assert "Share of activities done (cancelled ones left out): 33 %" in text
    # the level indicator went from 80 to 84 of 90: 40 % of the way
    assert "Mean achievement of the indicators: 40 %" in text
    assert "Počet klientů" in text and "84" in text and "90" in text
    # costs by source and year: 2019 municipalities planned 1 100 000 (activity and the
    # measure's own), real 950 000; 2020 from the plan (no action plan yet), nothing real:
    # 950 000 of 2 200 000 = 43 %
    assert "2019 planned" in text and "2020 real" in text and "municipalities" in text
    # (the cells of a row read back in order: planned and real of 2019, 2020, 2021, execution)
    assert "1 100 000 950 000 1 100 000 0 0 0 43 %" in text
    assert "2 000 000 2 000 000 0 0 0 0 100 %" in text
    assert "2019 3 200 000 2 950 000 92 %" in text  # execution by year
    assert "Terénní služby se osvědčily." in text and "Job klub nenašel účastníky." in text
    assert "Zapojit úřad práce." in text
    unfinished = text[text.rindex("Zapojit úřad práce.") :]  # the last section
    assert "Unfinished activities" in unfinished
    assert "2.1.1 Job klub" in unfinished and "1.2.1" in unfinished
    assert "1.1.1" not in unfinished


def test_the_pdf_in_czech(evaluation):
    text = " ".join(_text(evaluation_pdf(evaluation=evaluation, language="cs")).split())
    assert "Vyhodnocení plánu" in text and "2 019" not in text


def test_the_docx_has_the_same_content(evaluation):
    text = _docx_text(evaluation_docx(evaluation=evaluation, language="en")).replace("\u00a0", " ")
    assert "Evaluation of the plan" in text
    assert "Share of activities done (cancelled ones left out): 33 %." in text
    assert "done | 1" in text and "not done | 1" in text and "not started | 1" in text
    assert "Mean achievement of the indicators: 40 %." in text
    assert "Počet klientů (osob) | level | 80 | 84 | 90 | 40 %" in text
    assert "municipalities | 1 100 000 | 950 000 | 1 100 000 | 0 | 0 | 0 | 43 %" in text
    assert "2019 | 3 200 000 | 2 950 000 | 92 %" in text
    assert "Job klub nenašel účastníky." in text and "Zapojit úřad práce." in text
    assert "2.1.1 Job klub" in text.split("Unfinished activities")[-1]
    from docx import Document

    document = Document(io.BytesIO(evaluation_docx(evaluation=evaluation, language="en")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Activities", "Indicators", "Costs by source and year"]


def test_who_may_download_the_evaluation(evaluation, personas, client_for, coordinator):
    plan = evaluation.plan

    def url(fmt):
        return reverse(
            "documents:evaluation_report",
            kwargs={"slug": plan.process.slug, "pk": plan.pk, "format": fmt},
        )

    response = client_for(coordinator).get(url("pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="vyhodnoceni-' in response["Content-Disposition"]
    # being written: the people of the process only
    assert client_for(personas["nobody"]).get(url("docx")).status_code in (403, 404)
    assert client_for(None).get(url("docx")).status_code == 302
    assert client_for(coordinator).get(url("xlsx")).status_code == 404
    services.evaluation_update(
        actor=None, evaluation=evaluation, lessons="L", recommendations="", status="completed"
    )
    response = client_for(None).get(url("docx"))
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_no_evaluation_no_document(process, coordinator, client_for):
    period = make_period(process)
    url = reverse(
        "documents:evaluation_report",
        kwargs={"slug": process.slug, "pk": period.plan.pk, "format": "pdf"},
    )
    assert client_for(coordinator).get(url).status_code == 404


# --- the PDF typeset by Typst ---------------------------------------------------------------


def test_the_pdf_is_a_tagged_pdf_ua_with_its_language_title_and_tables(evaluation):
    from socplan.documents.tests.test_typeset import _reader, _structure_types

    reader = _reader(evaluation_pdf(evaluation=evaluation, language="cs"))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("cs")
    assert reader.metadata.title == "Vyhodnocení plánu"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp and ">1<" in xmp.split("pdfuaid:part", 1)[1][:40]
    types = _structure_types(reader)
    assert "/H1" in types and "/Table" in types and "/TH" in types and "/TD" in types
    titles = [
        item.title.replace("\xa0", " ") for item in reader.outline if not isinstance(item, list)
    ]
    assert titles == [
        "Aktivity",
        "Ukazatele",
        "Náklady podle zdrojů a let",
        "Poučení",
        "Nedokončené aktivity",
    ]


def test_a_users_text_in_the_evaluation_is_printed_as_written(evaluation):
    from socplan.documents.tests.test_typeset import MARKUP, _reader

    evaluation = services.evaluation_update(
        actor=None, evaluation=evaluation, lessons=MARKUP, recommendations=MARKUP, status="started"
    )
    pdf = evaluation_pdf(evaluation=evaluation, language="cs")
    text = " ".join(_text(pdf).split())
    for part in ("*tučně*", "_kurzíva_", "#set page(width: 1cm)", "$x^2$", "<návěští>", "@odkaz"):
        assert text.count(part) == 2, part  # the lessons and the recommendations
    assert text.count("[závorky] // konec") == 2
    assert all(round(float(page.mediabox.width)) == 595 for page in _reader(pdf).pages)
