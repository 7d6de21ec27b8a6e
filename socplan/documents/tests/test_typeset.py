"""Documents typeset by Typst (socplan.documents.typeset): the plan's PDF is a tagged PDF/UA-1,
a user's text is printed as it was written (never read as markup), and the kept document
follows its data, images and template."""

import io

import pytest

from socplan.documents import typeset
from socplan.documents.pdf import pdf_text
from socplan.documents.plan import plan_pdf
from socplan.planning import services
from socplan.planning.tests.builders import make_plan

pytestmark = pytest.mark.django_db


def _reader(pdf: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf))


def _structure_elements(reader) -> list:
    """Every element of the PDF's structure tree, in order."""
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            walk(kids)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def _structure_types(reader) -> list[str]:
    return [str(element["/S"]) for element in _structure_elements(reader)]


def _figure_alts(reader) -> list[str]:
    return [
        str(element.get("/Alt", ""))
        for element in _structure_elements(reader)
        if element.get("/S") == "/Figure"
    ]


def test_the_plan_is_a_tagged_pdf_ua_with_its_language_title_tables_and_figures(process):
    plan = make_plan(process)
    reader = _reader(plan_pdf(plan=plan, language="cs"))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("cs")
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == plan.title
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp and ">1<" in xmp.split("pdfuaid:part", 1)[1][:40]
    types = _structure_types(reader)
    # headings in order, tables with header cells, the charts as figures
    assert "/H1" in types and "/H2" in types
    assert "/Table" in types and "/TH" in types and "/TD" in types
    assert "/Figure" in types
    alts = _figure_alts(reader)
    assert alts and all(alt.strip() for alt in alts), alts
    # the outline (bookmarks) lists the chapters
    titles = [
        item.title.replace("\xa0", " ") for item in reader.outline if not isinstance(item, list)
    ]
    assert "Priority a opatření" in titles and "Rozpočet" in titles


MARKUP = "*tučně* _kurzíva_ #set page(width: 1cm) $x^2$ <návěští> @odkaz \\ [závorky] // konec"


def test_a_users_text_is_printed_as_written_and_never_read_as_markup(process):
    plan = make_plan(process)
    plan.introduction = MARKUP
    plan.save()
    priority = plan.priorities.first()
    services.measure_create(actor=None, priority=priority, title=MARKUP, kind="keep")
    pdf = plan_pdf(plan=plan, language="cs")
    text = " ".join(pdf_text(pdf).split())
    for part in ("*tučně*", "_kurzíva_", "#set page(width: 1cm)", "$x^2$", "<návěští>", "@odkaz"):
        assert part in text, part
    assert "[závorky] // konec" in text
    # the page is still A4 (the "#set page" of the text did nothing)
    width = float(_reader(pdf).pages[1].mediabox.width)
    assert round(width) == 595


def test_the_key_of_a_document_follows_its_data_images_and_template(monkeypatch, tmp_path):
    def document(text: str, image: bytes = b"<svg xmlns='http://www.w3.org/2000/svg'/>"):
        images = typeset.Images()
        name = images.add(image, "svg")
        blocks = [typeset.paragraph(text), typeset.figure(name, alt="obrázek")]
        return typeset.Document(title="Dokument", lang="cs", blocks=blocks, images=images)

    key = typeset.document_key(document("A"))
    assert typeset.document_key(document("A")) == key
    assert typeset.document_key(document("B")) != key
    assert (
        typeset.document_key(document("A", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"))
        != key
    )
    template = tmp_path / "document.typ"
    template.write_bytes(typeset.TEMPLATE.read_bytes() + b"\n// changed\n")
    monkeypatch.setattr(typeset, "TEMPLATE", template)
    assert typeset.document_key(document("A")) != key


def test_czech_typography_binds_prepositions_in_the_data():
    block = typeset.paragraph("Služby v obci a v okolí, 150 Kč")
    assert block["runs"][0][1] == "Služby v\xa0obci a\xa0v\xa0okolí, 150\xa0Kč"
    table = typeset.table(["Obec", "Počet"], [["Humpolec", "10 835"]], numeric=[1])
    assert table["numeric"] == [False, True] and table["rows"] == [["Humpolec", "10\xa0835"]]


def test_a_damaged_logo_leaves_the_document_without_it(process):
    """A logo file damaged in the storage since it was uploaded: the plan is typeset without
    it, not refused."""
    from django.core.files.base import ContentFile

    process.brand_logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\n-not-a-picture"), save=True)
    images = typeset.Images()
    assert images.add_picture(b"\x89PNG\r\n\x1a\n-not-a-picture") is None
    assert images.add_picture(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None
    pdf = plan_pdf(plan=make_plan(process), language="cs")
    assert pdf.startswith(b"%PDF") and "Střednědobý plán" in pdf_text(pdf)
