"""The yearly monitoring report, read back from its PDF (typeset by Typst; pypdf reads its
text in the order it was set: a table row by row) and its DOCX."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from socplan.documents.monitoring import report_context, report_docx, report_pdf
from socplan.documents.pdf import pdf_text
from socplan.monitoring import services
from socplan.monitoring.tests.builders import approve, items, make_period

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    """The text of a PDF; a word hyphenated at the end of a line (Typst writes U+00AD there)
    is joined again."""
    return pdf_text(pdf).replace("\u00ad\n", "").replace("\u00ad", "")


def _docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


@pytest.fixture
def period(process, coordinator):
    period = make_period(process)
    its = items(period)
    services.activity_report_save(
        actor=coordinator,
        period=period,
        item=its["1.1.1"],
        status="done",
        commentary="Pečovatelská služba běžela celý rok.",
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
    services.period_update(
        actor=coordinator, period=period, deadline=None, summary="Rok se vydařil jen napůl."
    )
    approve(period, coordinator)
    services.council_decision_record(
        actor=coordinator,
        period=period,
        decided_on=datetime.date(2020, 3, 16),
        resolution_number="RM 112/2020",
        body_name="Rada města Humpolec",
    )
    return period


def test_the_pdf_has_every_part_of_the_report(period):
    text = " ".join(_text(report_pdf(period=period, language="en")).split())
    assert "Monitoring report 2019" in text
    assert "Rok se vydařil jen napůl." in text
    assert "Rada města Humpolec took note of the report" in text and "RM 112/2020" in text
    # the state of every priority, measure and activity
    for expected in ("Senioři a OZP", "Zaměstnanost", "1.1.1 Provoz služby", "2.1.1 Job klub"):
        assert expected in text
    assert "Pečovatelská služba běžela celý rok." in text
    assert "not done" in text and "done" in text
    # indicators with their chart; money by source; what carries over
    assert "Počet klientů" in text and "84" in text
    assert "Actual values against targets" in text and "One chart per measure" in text
    assert "municipalities" in text and "950 000" in text and "1 100 000" in text
    assert "What carries over" in text
    carry = text.split("These activities were not finished and carry over")[-1]
    assert carry.split("2.1.1 Job klub")[0].replace("•", "").strip() == "into the next year:"
    assert "1.1.1" not in carry


def test_the_pdf_in_czech(period):
    text = " ".join(_text(report_pdf(period=period, language="cs")).split())
    assert "2019" in text and "2 019" not in text
    assert "Job klub" in text


def test_the_docx_has_the_same_content(period):
    text = _docx_text(report_docx(period=period, language="en"))
    assert "Monitoring report 2019" in text
    assert "RM 112/2020" in text
    assert "1.1.1 Provoz služby | done | 100 %".replace(" %", "\u00a0%") in text
    assert "Počet klientů" in text and "84" in text
    assert "municipalities | 1 100 000 | 950 000" in text.replace("\u00a0", " ")
    assert "2.1.1 Job klub" in text.split("What carries over")[-1]


def test_the_indicator_chart_is_an_svg_of_actual_against_target(period):
    context = report_context(period)
    (chart,) = context["indicator_charts"]
    assert "<svg" in chart.svg and "actual" in chart.description and "84" in chart.description


def test_the_indicators_of_a_measure_share_one_light_chart(period):
    """One chart per measure (not per indicator), with two texts per indicator: a report
    of 100 indicators stays fast (benchmarks/monitoring_report.py)."""
    from socplan.planning.models import Indicator

    measure = period.plan.priorities.first().measures.first()
    Indicator.objects.create(
        measure=measure, order=2, name="Počet hodin péče", unit="h", targets={"2019": 500}
    )
    period.refresh_from_db()
    (chart,) = report_context(period)["indicator_charts"]
    assert chart.title.startswith(f"Measure {measure.code}")
    assert "Počet klientů" in chart.svg and "Počet hodin péče" in chart.svg
    assert chart.svg.count("<text") == 4
    assert "actual 84, target 2019 –, plan 90 osob" in chart.description
    assert "Počet hodin péče: actual –, target 2019 500, plan 500 h" in chart.description


def test_the_report_downloads_publicly_once_approved(period, client_for):
    for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
        url = reverse(
            "documents:monitoring_report",
            kwargs={"slug": period.process.slug, "pk": period.plan.pk, "year": 2019, "format": fmt},
        )
        response = client_for(None).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(magic)
    bad = reverse(
        "documents:monitoring_report",
        kwargs={"slug": period.process.slug, "pk": period.plan.pk, "year": 2019, "format": "odt"},
    )
    assert client_for(None).get(bad).status_code == 404


def test_the_report_of_a_period_being_filled_in_is_never_stale(process, coordinator, client_for):
    period = make_period(process)
    item = items(period)["1.1.1"]
    url = reverse(
        "documents:monitoring_report",
        kwargs={"slug": process.slug, "pk": period.plan.pk, "year": 2019, "format": "docx"},
    )
    client = client_for(coordinator)
    assert client.get(url).status_code == 200
    services.activity_report_save(
        actor=coordinator, period=period, item=item, status="done", commentary="Nový komentář."
    )
    response = client.get(url)
    assert "Nový komentář." in _docx_text(response.content)


def test_percentages_in_the_report_round_as_on_the_web():
    """One rounding (halves up) in the PDF, the DOCX, the pages and their charts."""
    from django.template import Context, Template

    from socplan.documents.monitoring import _percent

    assert [_percent(v) for v in (75.5, 74.5, None)] == ["76\u00a0%", "75\u00a0%", "–"]
    printed = Template('{% load monitoring_tags %}{{ a|percent:"print" }}').render(
        Context({"a": 74.5})
    )
    assert printed == "75\u00a0%"


# --- the PDF typeset by Typst ---------------------------------------------------------------


def test_the_pdf_is_a_tagged_pdf_ua_with_its_language_title_tables_and_chart(period):
    from socplan.documents.tests.test_typeset import _figure_alts, _reader, _structure_types

    reader = _reader(report_pdf(period=period, language="en"))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("en")
    assert reader.metadata.title == "Monitoring report 2019"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp and ">1<" in xmp.split("pdfuaid:part", 1)[1][:40]
    types = _structure_types(reader)
    assert "/H1" in types and "/H2" in types
    assert "/Table" in types and "/TH" in types and "/TD" in types
    # the indicator chart is a figure with its numbers as the text alternative
    (alt,) = [alt for alt in _figure_alts(reader) if "Počet klientů" in alt]
    assert "actual 84" in alt
    # the contents (bookmarks) list the chapters and the priorities under them
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:2] == ["Summary", "State of the priorities, measures and activities"]
    assert "What carries over" in titles
    priorities = next(item for item in reader.outline if isinstance(item, list))
    assert priorities[0].title.startswith("Priority 1:")


def test_a_users_text_in_the_report_is_printed_as_written(process, coordinator):
    from socplan.documents.tests.test_typeset import MARKUP, _reader

    period = make_period(process)
    services.activity_report_save(
        actor=coordinator,
        period=period,
        item=items(period)["1.1.1"],
        status="done",
        commentary=MARKUP,
    )
    services.period_update(actor=coordinator, period=period, deadline=None, summary=MARKUP)
    pdf = report_pdf(period=period, language="cs")
    text = " ".join(_text(pdf).split())
    for part in ("*tučně*", "_kurzíva_", "#set page(width: 1cm)", "$x^2$", "<návěští>", "@odkaz"):
        assert text.count(part) == 2, part  # the summary and the commentary
    assert text.count("[závorky] // konec") == 2
    assert all(round(float(page.mediabox.width)) == 595 for page in _reader(pdf).pages)


def test_the_lights_are_printed_in_their_colours_and_the_ones_set_by_hand_say_why(
    process, coordinator
):
    from socplan.documents.branding import branding_for
    from socplan.documents.monitoring_print import report_document

    period = make_period(process)
    measure = period.plan.priorities.first().measures.first()
    services.light_override_set(
        actor=coordinator, period=period, light="off_track", reason="Chybí dotace kraje."
    )
    services.light_override_set(
        actor=coordinator,
        period=period,
        light="at_risk",
        reason="Odchod pečovatelky.",
        measure=measure,
    )
    text = " ".join(_text(report_pdf(period=period, language="en")).split())
    assert "(off track); light set by hand: Chybí dotace kraje." in text
    assert f"Measure {measure.code}: " in text and "(set by hand: Odchod pečovatelky.)" in text
    # the data for Typst: the plan's light and each priority's, with the code of its colour
    context = report_context(period)
    context["branding"] = branding_for(process)
    blocks = report_document(context).blocks
    (summary,) = [b for b in blocks if b["t"] == "lights-p"]
    assert ["light-off_track", "off track"] in summary["runs"]
    (priorities,) = [b for b in blocks if b["t"] == "lights-table"]
    state = context["state"]
    assert [row[2] for row in priorities["lights"]] == [p.light or "" for p in state.priorities]
    assert [row[2] for row in priorities["rows"]] == [
        p.light_label or "–" for p in state.priorities
    ]


def test_a_short_table_of_activities_stays_with_its_caption_a_long_one_runs_on(period):
    from socplan.documents.monitoring_print import KEPT_TABLE_CHARACTERS, _measure_table

    state = report_context(period)["state"]
    measure = state.priorities[0].measures[0]
    (short,) = _measure_table(measure)
    assert short["keep"] and short["caption"].startswith("Measure 1.1:")
    measure.activities = measure.activities * (KEPT_TABLE_CHARACTERS // 40)
    (long,) = _measure_table(measure)
    assert not long["keep"] and len(long["rows"]) > 30
