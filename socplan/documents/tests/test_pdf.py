import pytest

from socplan.documents.pdf import pdf_text, render_pdf
from socplan.documents.typography import NBSP, czech_nbsp


def test_it_binds_one_letter_prepositions_and_units():
    text = czech_nbsp("Služba v Humpolci a okolí stojí 10 000 Kč podle § 37 zákona")
    assert f"v{NBSP}Humpolci" in text
    assert f"a{NBSP}okolí" in text
    assert f"10{NBSP}000{NBSP}Kč" in text
    assert f"§{NBSP}37" in text
    assert "stojí 10" in text  # ordinary spaces stay


@pytest.mark.django_db
def test_it_renders_a_czech_pdf_with_title_page_and_publicity_notice(process):
    process.publicity_notice = "Projekt je financován z Evropského sociálního fondu."
    process.save()
    pdf = render_pdf(
        "documents/print_base.html",
        {"title": "Katalog sociálních služeb", "subtitle": "ORP Humpolec", "process": process},
        language="cs",
    )
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Katalog sociálních služeb" in text
    assert "Evropského sociálního fondu" in text
