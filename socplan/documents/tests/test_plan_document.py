"""The plan document, read back: chapters, a measure card and a financial table."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from socplan.core.jobs import Progress
from socplan.core.models import Job
from socplan.documents.pdf import pdf_text
from socplan.documents.plan import plan_document_job, plan_docx, plan_pdf
from socplan.organisation.models import Group, Membership, Person
from socplan.planning import services
from socplan.planning.tests.builders import make_group, make_plan

pytestmark = pytest.mark.django_db


def _docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


@pytest.fixture
def plan(process):
    plan = make_plan(process)
    plan.introduction = "Plán popisuje rozvoj služeb na Humpolecku."
    plan.legal_basis = "Zákon č. 108/2006 Sb., o sociálních službách."
    plan.save()
    group = make_group(process)
    for name, consent in (("Alena Souhlasná", True), ("Bohumil Tajný", False)):
        person = Person.objects.create(
            process=process, name=name, organisation_name="Charita", consent_publish=consent
        )
        Membership.objects.create(
            group=group, person=person, side=Membership.Side.PROVIDER, start="2018-01-01"
        )
    return plan


def test_the_pdf_has_the_chapters_a_measure_card_and_the_money(plan):
    text = " ".join(pdf_text(plan_pdf(plan=plan, language="en")).split())
    assert "Contents" in text
    assert "Introduction" in text and "rozvoj služeb na Humpolecku" in text
    assert "Legal basis" in text
    assert "Measure 1.1: Zachování pečovatelské služby" in text
    assert "Costs by year and funding source (CZK)" in text
    assert "4 600 000" in text  # the plan's total (a space between thousands, in any language)
    assert "Alena Souhlasná" in text
    assert "Bohumil Tajný" not in text  # no consent, not named
    assert "Humpolec" in text and "10 835" in text  # the population table
    assert "Projekt je spolufinancován Evropskou unií." in text  # publicity notice


def test_the_docx_has_the_same_content(plan):
    text = _docx_text(plan_docx(plan=plan, language="en"))
    assert "Introduction" in text
    assert "Measure 1.1: Zachování pečovatelské služby" in text
    assert "Costs by year and funding source (CZK)" in text
    assert "4\xa0600\xa0000" in text
    assert "Alena Souhlasná" in text and "Bohumil Tajný" not in text


def test_an_action_plan_has_a_shorter_document(plan):
    action = services.action_plan_create(actor=None, medium_term_plan=plan, year=2019)
    text = " ".join(pdf_text(plan_pdf(plan=action, language="en")).split())
    assert "1.1.1 Provoz služby" in text
    assert "3 200 000" in text  # activities 3 050 000 + the own costs of measure 1.1
    assert "costs of the measure itself" in text
    assert "Annex" not in text
    assert "Job klub" in _docx_text(plan_docx(plan=action, language="en"))


def test_the_command_writes_the_file(plan, tmp_path):
    out = tmp_path / "plan.docx"
    call_command("plan_document", str(plan.pk), "--format", "docx", "--out", str(out))
    assert "Measure 1.2" in _docx_text(out.read_bytes())


def test_the_job_and_its_page(plan, coordinator, client_for):
    result = plan_document_job(Progress.none(), plan_id=plan.pk, format="pdf")
    assert result.file_content.startswith(b"%PDF")
    assert result.file_name.endswith("-v1.pdf")
    response = client_for(coordinator).post(
        reverse("documents:plan_document", kwargs={"slug": plan.process.slug, "pk": plan.pk}),
        {"format": "docx"},
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.result_file.name.endswith(".docx")


def _docx_part(content: bytes, name: str) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(name).decode()


def test_the_docx_has_a_word_table_of_contents(plan):
    from docx import Document

    content = plan_docx(plan=plan, language="en")
    xml = _docx_part(content, "word/document.xml")
    begin, instruction, separate, end = (
        xml.find('w:fldCharType="begin"'),
        xml.find('TOC \\o "1-3" \\h \\z \\u'),
        xml.find('w:fldCharType="separate"'),
        xml.find('w:fldCharType="end"'),
    )
    assert -1 < begin < instruction < separate < end
    assert "<w:instrText" in xml
    settings_xml = _docx_part(content, "word/settings.xml")
    assert '<w:updateFields w:val="true"/>' in settings_xml
    # in the schema's order: before w:compat (Word refuses misordered settings)
    assert settings_xml.index("<w:updateFields") < settings_xml.index("<w:compat")
    document = Document(io.BytesIO(content))
    headings = {p.text: p.style.name for p in document.paragraphs}
    assert headings["Introduction"] == "Heading 1"
    assert headings["Priorities and measures"] == "Heading 1"
    assert headings["Priority 1: Senioři a\xa0OZP"] == "Heading 2"
    assert headings["Measure 1.1: Zachování pečovatelské služby"] == "Heading 3"
    assert headings["Contents"] == "TOC Heading"  # not a Heading, so not in the contents


def test_the_docx_text_follows_czech_typography(plan):
    from docx import Document

    plan.introduction = "Služby v obci a v okolí."
    plan.save()
    document = Document(io.BytesIO(plan_docx(plan=plan, language="en")))
    texts = [p.text for p in document.paragraphs]
    assert "Služby v\xa0obci a\xa0v\xa0okolí." in texts
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                assert " a " not in cell.text and " v " not in cell.text, cell.text


def test_the_public_document_is_made_once_per_version(plan, client, settings, tmp_path):
    from socplan.documents.plan import plan_document_cached
    from socplan.planning.models import Plan

    settings.DATA_DIR = tmp_path
    services.plan_status_set(actor=None, plan=plan, status=Plan.Status.CONSULTATION)
    url = reverse(
        "documents:plan_document_download",
        kwargs={"slug": plan.process.slug, "pk": plan.pk, "format": "docx"},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-v1.docx"')
    content = b"".join(response.streaming_content)
    assert "Measure 1.1: Zachování pečovatelské služby" in _docx_text(content)
    cached = list((tmp_path / "plan-documents").glob("*.docx"))
    assert len(cached) == 1
    # served from the cache: the file is not made again
    path, _name = plan_document_cached(plan=plan, format="docx", language="en")
    assert path == cached[0]
    mtime = path.stat().st_mtime_ns
    client.get(url)
    assert path.stat().st_mtime_ns == mtime
    # a change of the plan makes a new document and drops the old one
    services.plan_status_set(actor=None, plan=plan, status=Plan.Status.DRAFT)
    services.plan_update(actor=None, plan=plan, introduction="Nový úvod plánu.")
    services.plan_status_set(actor=None, plan=plan, status=Plan.Status.CONSULTATION)
    content = b"".join(client.get(url).streaming_content)
    assert "Nový úvod plánu." in _docx_text(content)
    assert [p.name for p in (tmp_path / "plan-documents").glob("*.docx")] != [path.name]
    assert len(list((tmp_path / "plan-documents").glob("*.docx"))) == 1


def test_an_unchanged_plan_is_typeset_once_and_any_change_it_prints_makes_it_again(
    plan, settings, tmp_path, monkeypatch
):
    """The kept document follows what it prints, not only the plan's version: a member of
    a group who consents to publishing (no change of the plan itself) makes it again."""
    from socplan.documents import typeset as typesetting
    from socplan.documents.plan import plan_document_cached

    settings.DATA_DIR = tmp_path
    typeset = []
    real = typesetting.typeset_pdf

    def counting(document):
        typeset.append(document)
        return real(document)

    monkeypatch.setattr(typesetting, "typeset_pdf", counting)
    first, name = plan_document_cached(plan=plan, format="pdf", language="en")
    second, _name = plan_document_cached(plan=plan, format="pdf", language="en")
    assert second == first and len(typeset) == 1
    assert name.endswith("-v1.pdf")
    person = Person.objects.create(
        process=plan.process, name="Cyril Nový", organisation_name="Obec", consent_publish=True
    )
    Membership.objects.create(
        group=Group.objects.get(process=plan.process),
        person=person,
        side=Membership.Side.COMMISSIONER,
        start="2018-01-01",
    )
    third, _name = plan_document_cached(plan=plan, format="pdf", language="en")
    assert len(typeset) == 2 and third != first and not first.exists()
    assert "Cyril Nový" in pdf_text(third.read_bytes())
    # the background job hands out the same kept document, without typesetting it again
    result = plan_document_job(Progress.none(), plan_id=plan.pk, format="pdf", language="en")
    assert result.file_content == third.read_bytes() and len(typeset) == 2


def test_the_public_page_links_the_downloads(plan, client):
    from socplan.planning.models import Plan

    services.plan_status_set(actor=None, plan=plan, status=Plan.Status.CONSULTATION)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Download PDF" in page
    assert (
        reverse(
            "documents:plan_document_download",
            kwargs={"slug": plan.process.slug, "pk": plan.pk, "format": "pdf"},
        )
        in page
    )


def test_the_pdf_has_running_headers_and_page_numbers(plan):
    import re
    import subprocess

    pdf = plan_pdf(plan=plan, language="en")
    pages = (
        subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        )
        .stdout.decode()
        .split("\f")
    )
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 3
    # from the second page on, every page carries the plan's title and "page / pages"
    for number, text in enumerate(pages[1:], start=2):
        lines = text.strip().splitlines()
        assert plan.title in lines[0], number
        assert re.search(rf"(^|\s){number} / {len(pages)}$", lines[-1].strip()), number


def test_the_docx_has_a_running_header_and_page_numbers(plan):
    content = plan_docx(plan=plan, language="en")
    header = _docx_part(content, "word/header1.xml")
    footer = _docx_part(content, "word/footer1.xml")
    assert "Střednědobý plán 2019–2021" in header
    assert '<w:fldSimple w:instr="PAGE">' in footer
