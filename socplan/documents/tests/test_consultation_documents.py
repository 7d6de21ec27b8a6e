"""The resolution table of a consultation round as PDF, DOCX and XLSX, and as the annex of
the plan document; the title page reads who approved the plan from the consultation."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse

from socplan.consultation import services
from socplan.consultation.models import PlanApproval
from socplan.consultation.tests.builders import enter, make_round
from socplan.documents.consultation import table_docx, table_pdf, table_xlsx
from socplan.documents.pdf import pdf_text
from socplan.documents.plan import plan_document_cached, plan_docx, plan_pdf
from socplan.documents.tests.test_typeset import MARKUP, _reader, _structure_types

pytestmark = pytest.mark.django_db


def _flat(pdf: bytes) -> str:
    """The PDF's text on one line, words split by hyphenation joined again."""
    return (
        " ".join(pdf_text(pdf).split())
        .replace("\u2010 ", "")
        .replace("\u00ad ", "")
        .replace("- ", "")
    )


def _docx_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode()


@pytest.fixture
def resolved(process, coordinator):
    round_ = make_round(process)
    a = enter(
        round_,
        text="Odlehčovací služba je potřeba hned.",
        author_name="Jana Veselá",
        publish_name=True,
        kind="measure",
        key="1.2",
    )
    b = enter(round_, text="Skrytá připomínka s osobními údaji")
    enter(round_, text="Zatím nevypořádaná připomínka", kind="activity", key="2.1.1")
    services.comment_hide(actor=coordinator, comment=b, reason="Osobní údaje")
    services.comment_resolve(
        actor=coordinator,
        comment=a,
        outcome="partly",
        reasoning="Příprava začne v roce 2019.",
        change="Posunut začátek přípravy.",
    )
    return round_


def test_the_table_as_pdf_docx_and_xlsx(resolved):
    text = _flat(table_pdf(round=resolved, language="en"))
    assert "Resolution of comments" in text
    assert "Odlehčovací služba je potřeba hned." in text and "Jana Veselá" in text
    assert "partly accepted" in text and "Příprava začne v roce 2019." in text
    assert "Posunut začátek přípravy." in text
    assert "not resolved yet" in text
    assert "Skrytá připomínka" not in text
    xml = _docx_xml(table_docx(round=resolved, language="en"))
    assert "Odlehčovací služba je potřeba hned." in xml and "Skrytá" not in xml
    assert 'w:orient="landscape"' in xml
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(table_xlsx(round=resolved, language="en"))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows.index(
        [
            "No.",
            "Commenter",
            "Part of the plan",
            "Comment",
            "Kind",
            "Resolution",
            "Reasoning",
            "Change in the plan",
        ]
    )
    body = rows[header + 1 :]
    assert [r[0] for r in body] == [1, 3]
    assert body[0][1] == "Jana Veselá" and body[0][5] == "partly accepted"
    assert body[1][1] == "not named"


def test_the_downloads_are_public_and_unknown_formats_are_404(resolved, client, settings, tmp_path):
    settings.DATA_DIR = tmp_path  # the PDF's cache
    url = lambda fmt: reverse(  # noqa: E731
        "documents:resolution_table_download",
        kwargs={"slug": resolved.plan.process.slug, "pk": resolved.pk, "format": fmt},
    )
    pdf = client.get(url("pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    assert client.get(url("xlsx"))["Content-Type"].endswith("spreadsheetml.sheet")
    assert client.get(url("odt")).status_code == 404


def test_the_table_is_an_annex_of_the_plan_and_the_title_page_names_the_approval(
    resolved, coordinator, settings, tmp_path, monkeypatch
):
    settings.DATA_DIR = tmp_path
    plan = resolved.plan
    services.decisions_prepare(actor=coordinator, plan=plan)
    services.comment_resolve(
        actor=coordinator,
        comment=resolved.comments.get(number=3),
        outcome="explained",
        reasoning="Job klub pokračuje.",
    )
    services.plan_approve(
        actor=coordinator,
        plan=plan,
        approved_on=datetime.date(2018, 12, 10),
        resolution="ZM 12/2018/7",
    )
    text = _flat(plan_pdf(plan=plan, language="en"))
    assert "Annex: resolution of comments" in text
    assert "Odlehčovací služba je potřeba hned." in text and "Job klub pokračuje." in text
    assert "Skrytá připomínka" not in text
    assert "Approved on 10 Dec 2018 by resolution ZM 12/2018/7" in text or "ZM 12/2018/7" in text
    total = plan.process.planning_area.municipalities.count()
    assert f"0 of {total} approved or took note" in text
    xml = _docx_xml(plan_docx(plan=plan, language="en"))
    assert "Annex: resolution of comments" in xml and "Job klub pokračuje." in xml
    assert "ZM 12/2018/7" in xml
    # the document of the approved version keeps its checksum with the approval
    path, _name = plan_document_cached(plan=plan, format="pdf", language=settings.LANGUAGE_CODE)
    import hashlib

    approval = PlanApproval.objects.get()
    assert approval.document_checksum == hashlib.sha256(path.read_bytes()).hexdigest()
    # the approved document stays when the layout (or the typesetter) changes: its checksum
    # is public on the approval's page
    from socplan.documents import plan as plan_documents
    from socplan.documents import typeset

    monkeypatch.setattr(plan_documents, "LAYOUT", plan_documents.LAYOUT + 1)
    monkeypatch.setattr(typeset, "typeset_pdf", lambda document: pytest.fail("typeset again"))
    again, _name = plan_document_cached(plan=plan, format="pdf", language=settings.LANGUAGE_CODE)
    assert again == path and path.exists()
    approval.refresh_from_db()
    assert approval.document_checksum == hashlib.sha256(again.read_bytes()).hexdigest()


def test_a_plan_without_comments_has_no_annex(process):
    from socplan.planning.tests.builders import make_plan

    text = _flat(plan_pdf(plan=make_plan(process), language="en"))
    assert "Annex: resolution of comments" not in text
    assert "Not approved yet." in text


def test_the_pdf_is_made_once_until_the_table_changes(resolved, coordinator, settings, tmp_path):
    from unittest import mock

    from socplan.documents import consultation as documents
    from socplan.documents import typeset

    settings.DATA_DIR = tmp_path
    with mock.patch.object(typeset, "typeset_pdf", wraps=typeset.typeset_pdf) as render:
        first, name = documents.table_file(round=resolved, format="pdf", language="en")
        again, _name = documents.table_file(round=resolved, format="pdf", language="en")
        assert render.call_count == 1 and again == first and name.endswith(".pdf")
        comment = resolved.comments.get(text="Zatím nevypořádaná připomínka")
        services.comment_resolve(
            actor=coordinator, comment=comment, outcome="explained", reasoning="Vysvětleno."
        )
        changed, _name = documents.table_file(round=resolved, format="pdf", language="en")
    assert render.call_count == 2 and changed != first
    assert "Vysvětleno." in _flat(changed)
    # The file of the old table is gone: one file per round and language.
    assert len(list((tmp_path / documents.CACHE_DIR).glob(f"round-{resolved.pk}-en-*.pdf"))) == 1


def test_the_table_of_a_round_on_the_swot(process, coordinator):
    from openpyxl import load_workbook

    from socplan.analysis import services as analysis_services
    from socplan.planning.tests.builders import make_plan

    item = analysis_services.swot_item_add(
        actor=None, process=process, group=None, quadrant="weakness", text="Chybí respitní péče"
    )
    round_ = services.round_open(
        actor=None,
        plan=make_plan(process),
        title="Připomínky k SWOT",
        opens_on=datetime.date(2018, 3, 1),
        closes_on=datetime.date(2018, 3, 31),
        swot=item.swot,
    )
    comment = enter(round_, text="Uveďte počet pečujících.", kind="swot_item", key=str(item.pk))
    services.comment_resolve(
        actor=coordinator, comment=comment, outcome="accepted", reasoning="Doplněno."
    )
    text = _flat(table_pdf(round=round_, language="en"))
    assert "Weaknesses 1: Chybí respitní péče" in text and "Uveďte počet pečujících." in text
    sheet = load_workbook(io.BytesIO(table_xlsx(round=round_, language="en"))).active
    last = list(sheet.iter_rows(values_only=True))[-1]
    assert last[2] == "Weaknesses 1: Chybí respitní péče" and last[5] == "accepted"


def test_the_table_is_a_tagged_pdf_ua_on_landscape_pages_with_its_header_on_each(resolved):
    from socplan.consultation.models import Comment

    comment = Comment.objects.get(round=resolved, number=1)
    for number in range(4, 64):  # the table runs to more pages
        enter(resolved, text=f"Připomínka číslo {number}. " + "Doplňte dostupnost. " * 12)
    pdf = table_pdf(round=resolved, language="cs")
    reader = _reader(pdf)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("cs")
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Vypořádání připomínek"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp and ">1<" in xmp.split("pdfuaid:part", 1)[1][:40]
    types = _structure_types(reader)
    assert {"/Table", "/TH", "/TD"} <= set(types), sorted(set(types))
    # landscape A4, every page numbered ("2 / 3") and with the table's header row
    pages = reader.pages
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert round(float(page.mediabox.width)) == 842, number
        text = page.extract_text()
        assert "Připomínkující" in text and "Změna v plánu" in text, number
        assert f"{number} / {len(pages)}" in text, number
    first = pages[0].extract_text().replace("\xa0", " ")
    assert resolved.plan.process.name in first and resolved.title in first
    assert comment.text in _flat(pdf)


def test_a_users_text_in_the_table_is_printed_as_written(resolved, coordinator):
    comment = enter(resolved, text=MARKUP, author_name=MARKUP, publish_name=True)
    services.comment_resolve(
        actor=coordinator, comment=comment, outcome="explained", reasoning=MARKUP
    )
    pdf = table_pdf(round=resolved, language="cs")
    text = _flat(pdf)
    for part in ("*tučně*", "_kurzíva_", "#set page(width: 1cm)", "$x^2$", "<návěští>", "@odkaz"):
        assert text.count(part) == 3, part
    assert "[závorky] // konec" in text
    assert round(float(_reader(pdf).pages[0].mediabox.width)) == 842


def test_a_round_without_comments_prints_no_table(process):
    text = _flat(table_pdf(round=make_round(process), language="en"))
    assert "Resolution of comments" in text and "No comments." in text
    assert "Commenter" not in text
