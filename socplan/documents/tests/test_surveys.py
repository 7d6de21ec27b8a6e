"""The documents of needs surveys read back: the paper questionnaire (the same codes as
the web form and the paper-entry screen) and the results report (PDF and DOCX) without
hidden open answers or contact details."""

import io

import pytest
from django.urls import reverse

from socplan.analysis import services_surveys as services
from socplan.analysis.tests.surveys_builders import make_survey
from socplan.documents.pdf import pdf_text

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
