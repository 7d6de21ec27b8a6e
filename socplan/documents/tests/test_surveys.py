"""The documents of needs surveys read back: the paper questionnaire (the same codes as
the web form and the paper-entry screen) and the results report (PDF and DOCX) without
hidden open answers or contact details."""

import io

import pytest
from django.urls import reverse

from socplan.analysis import services_surveys as services
from socplan.analysis.tests.surveys_builders import make_survey
from socplan.documents.pdf import pdf_text
from socplan.documents.tests.test_typeset import _reader, _structure_types

pytestmark = pytest.mark.django_db


def test_the_paper_questionnaire_has_the_same_codes(client_for, member, process):
    survey, q = make_survey(process)
    url = reverse("documents:survey_paper_pdf", kwargs={"slug": process.slug, "pk": survey.pk})
    response = client_for(member).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Využíváte službu?" in text
    assert "Q1" in text and "Q4.1" in text and "(0)" in text  # codes of matrix rows and "other"
    assert "Personal data" in text  # the contact question
    assert "Answer only if your answer to question Q1" in text


def test_the_results_report_pdf_and_docx(client_for, member, process):
    from docx import Document

    survey, q = make_survey(process)
    services.response_submit(
        survey=survey,
        answers={"Q1": "1", "Q2": ["2"], "Q7": "jana@example.org", "Q8": "Chybí doprava."},
    )
    services.response_submit(survey=survey, answers={"Q1": "2", "Q8": "Paní Nováková z úřadu"})
    hidden = survey.responses.get(answers__Q8="Paní Nováková z úřadu")
    services.response_set_hidden(actor=None, response=hidden, code="Q8", hidden=True)
    client = client_for(member)
    pdf = client.get(
        reverse(
            "documents:survey_report",
            kwargs={"slug": process.slug, "pk": survey.pk, "format": "pdf"},
        )
    )
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert "Využíváte službu?" in text and "Chybí doprava." in text
    assert "Nováková" not in text and "jana@example.org" not in text
    docx = client.get(
        reverse(
            "documents:survey_report",
            kwargs={"slug": process.slug, "pk": survey.pk, "format": "docx"},
        )
    )
    document = Document(io.BytesIO(docx.content))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Q1. Využíváte službu?" in body and "Chybí doprava." in body
    assert "Nováková" not in body + cells and "jana@example.org" not in body + cells
    assert "50,0" in cells  # 1 of 2 answered "ano"


def test_the_paper_questionnaire_is_a_tagged_pdf_ua_numbered_from_its_first_page(process):
    from socplan.documents.surveys import paper_questionnaire_pdf

    survey, q = make_survey(process)
    reader = _reader(paper_questionnaire_pdf(survey=survey, language="cs"))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("cs")
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Průzkum potřeb"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp and ">1<" in xmp.split("pdfuaid:part", 1)[1][:40]
    types = _structure_types(reader)
    # the section as a heading, the matrix question as a table with its header cells
    assert {"/H1", "/Table", "/TH", "/TD"} <= set(types), sorted(set(types))
    pages = reader.pages
    for number, page in enumerate(pages, start=1):
        assert round(float(page.mediabox.width)) == 595, number  # A4 portrait
        assert f"{number} / {len(pages)}" in page.extract_text(), number
    # no title page: the title and the first question on the first page
    first = pages[0].extract_text().replace("\xa0", " ")
    assert process.name in first and "Průzkum potřeb" in first and "Využíváte službu? *" in first
    last = pages[-1].extract_text().replace("\xa0", " ")
    assert "Pro úřad: dotazník č. ________ zapsal/a ________" in last


def test_the_easy_to_read_questionnaire_prints_the_easy_texts_in_larger_type(process):
    from socplan.documents.surveys import paper_questionnaire_pdf

    survey, q = make_survey(process)
    survey.easy_intro = "Ptáme se jednoduše."
    survey.save()
    q["uses"].easy_text = "Chodí k vám služba?"
    q["uses"].save()
    plain_pdf = paper_questionnaire_pdf(survey=survey, language="cs")
    easy_pdf = paper_questionnaire_pdf(survey=survey, easy=True, language="cs")
    plain, easy = (pdf_text(pdf).replace("\xa0", " ") for pdf in (plain_pdf, easy_pdf))
    assert "Chodí k vám služba?" in easy and "Využíváte službu?" not in easy
    assert "Ptáme se jednoduše." in easy and "Ptáme se jednoduše." not in plain
    assert "Využíváte službu?" in plain
    # 13 points instead of 10.5
    plain_size, easy_size = _height_of("Využíváte", plain_pdf), _height_of("Chodí", easy_pdf)
    assert round(plain_size / easy_size, 2) == round(10.5 / 13, 2)


def _height_of(word: str, pdf: bytes) -> float:
    """The height of the box of the first ``word`` of the PDF, in points (pdftotext)."""
    import re
    import subprocess

    result = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    )
    box = re.search(
        rf'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">{word}<', result.stdout.decode()
    )
    return float(box.group(2)) - float(box.group(1))


def test_a_users_text_in_the_survey_documents_is_printed_as_written(process):
    from socplan.documents.surveys import paper_questionnaire_pdf, results_report_pdf
    from socplan.documents.tests.test_typeset import MARKUP

    survey, q = make_survey(process)
    survey.intro = MARKUP
    survey.save()
    q["uses"].text = MARKUP
    q["uses"].options = [{"code": "1", "label": MARKUP}, {"code": "2", "label": "ne"}]
    q["uses"].save()
    services.response_submit(survey=survey, answers={"Q1": "1", "Q2": ["2"], "Q8": MARKUP})
    parts = ("*tučně*", "_kurzíva_", "#set page(width: 1cm)", "$x^2$", "<návěští>", "@odkaz")
    for pdf, count in (
        # the introduction, the question, its option and the condition of Q2 that names it
        (paper_questionnaire_pdf(survey=survey, language="cs"), 4),
        # the question, its option in the table, the open answer (and the chart's label of
        # the option, shortened when long)
        (results_report_pdf(survey=survey, language="cs"), 3),
    ):
        text = " ".join(pdf_text(pdf).split()).replace("\u00ad ", "")
        for part in parts:
            assert text.count(part) >= count, part
        assert "[závorky] // konec" in text


def test_the_results_report_is_tagged_with_the_charts_text_alternatives(process):
    from socplan.documents.surveys import results_report_pdf
    from socplan.documents.tests.test_typeset import _figure_alts

    survey, q = make_survey(process)
    services.response_submit(survey=survey, answers={"Q1": "2"})
    pdf = results_report_pdf(survey=survey, language="en")
    reader = _reader(pdf)
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
    assert reader.metadata.title == "Results of the survey: Průzkum potřeb"
    alts = _figure_alts(reader)
    assert "Chart of the answers to Q1; the numbers are in the table below." in alts
    # each question's results under a heading of its own, in the bookmarks
    assert {"/H1", "/Figure", "/Table"} <= set(_structure_types(reader))
    bookmarks = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Answers by channel" in bookmarks and "Q1. Využíváte službu?" in bookmarks
    assert "Answered by 1 of 1 respondents." in pdf_text(pdf)
