"""Word (DOCX) documents as a Czech office issues them, made with python-docx.

:func:`new_document` gives an empty document set up for Czech: A4 with the margins of
ČSN 01 6910 (left 25 mm for binding, right 20 mm, top and bottom 25 mm), the language of
the document (cs-CZ for Czech) on the document defaults, on every style and in the
settings, so that Word checks the spelling in Czech instead of underlining every word, and a
table style whose header row repeats on every page. :func:`add_table` makes tables in that
style, :func:`add_toc` a table of contents that Word fills in when it opens the file,
:func:`add_margins` the running header (the process's logo, the EU emblem, the title) and
footer (the publicity notice, "page X of Y"), :func:`czech_typography` non-breaking spaces
where Czech typesetting wants them.
"""

import io
import re

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .branding import Branding, eu_emblem_png
from .typography import czech_nbsp, format_number

# The language tags Word uses for the languages of socplan.
WORD_LANGUAGES = {"cs": "cs-CZ", "en": "en-GB"}

TABLE_STYLE = "socplan Table"
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'

# The elements that follow w:updateFields in w:settings (ECMA-376, CT_Settings).
SETTINGS_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def word_language(language: str | None = None) -> str:
    code = (language or get_language() or "cs").split("-")[0].lower()
    return WORD_LANGUAGES.get(code, "cs-CZ")


def _set_lang(rpr, tag: str) -> None:
    """The language of a run-properties element (w:rPr), keeping its schema order."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        # w:lang comes after these in CT_RPr; before w:eastAsianLayout, w:specVanish, ...
        successors = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
        rpr.insert_element_before(lang, *successors)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)


def _set_language(document, tag: str) -> None:
    """The language on the document defaults, on every paragraph, character and table
    style, in the settings (the theme's fonts) and in the document's properties."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_lang(rpr, tag)
    for style in document.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            _set_lang(style.element.get_or_add_rPr(), tag)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), tag)
    # The template's copy of the styles for older Word versions says en-US as well.
    for rel in document.part.rels.values():
        part = rel.target_part if not rel.is_external else None
        if part is not None and part.partname.endswith("/stylesWithEffects.xml"):
            part._blob = re.sub(rb'w:val="en-US"', f'w:val="{tag}"'.encode(), part.blob)
            part._blob = re.sub(rb'w:eastAsia="en-US"', f'w:eastAsia="{tag}"'.encode(), part.blob)
    document.core_properties.language = tag


def _page_setup(document) -> None:
    """A4 portrait, margins of ČSN 01 6910."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(25)
        section.left_margin, section.right_margin = Mm(25), Mm(20)
        section.header_distance = section.footer_distance = Mm(12.5)


def _styles(document) -> None:
    """The body text, the headings and a table style with a repeating, bold, shaded
    header row and a bold total row."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt, RGBColor

    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for level, size in ((1, 16), (2, 13), (3, 11.5)):
        heading = document.styles[f"Heading {level}"]
        heading.font.size = Pt(size)
        heading.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        heading.paragraph_format.space_after = Pt(6)
    document.styles["Caption"].paragraph_format.keep_with_next = True
    table_style = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    table_style.base_style = document.styles["Table Grid"]
    table_style.font.size = Pt(9.5)
    table_style.paragraph_format.space_after = Pt(0)
    table_style.element.append(
        parse_xml(
            f'<w:tblStylePr {nsdecls("w")} w:type="firstRow">'
            "<w:rPr><w:b/><w:bCs/></w:rPr>"
            '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E7ECF2"/></w:tcPr>'
            "</w:tblStylePr>"
        )
    )
    table_style.element.append(
        parse_xml(
            f'<w:tblStylePr {nsdecls("w")} w:type="lastRow">'
            "<w:rPr><w:b/><w:bCs/></w:rPr>"
            '<w:tcPr><w:tcBorders><w:top w:val="single" w:sz="12" w:space="0" w:color="000000"/>'
            "</w:tcBorders></w:tcPr>"
            "</w:tblStylePr>"
        )
    )


def new_document(*, title: str, language: str | None = None):
    """An empty Word document set up for Czech (see the module's description)."""
    from docx import Document

    document = Document()
    document.core_properties.title = title
    _page_setup(document)
    _styles(document)
    _set_language(document, word_language(language))
    return document


def add_table(document, header: list[str], rows: list[list], *, footer=None, numeric_from=None):
    """A table in the document's table style: the header row repeats on every page, no row
    is split across pages, the ``footer`` (a total) is the last row in bold. Columns from
    ``numeric_from`` on are aligned right (numbers)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    body = [list(row) for row in rows] + ([list(footer)] if footer else [])
    table = document.add_table(rows=1 + len(body), cols=len(header))
    table.style = document.styles[TABLE_STYLE]
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        table._tbl.tblPr.append(look)
    flags = {"firstRow": 0x20, "lastRow": 0x40 if footer else 0, "firstColumn": 0, "lastColumn": 0}
    flags.update(noHBand=0x200, noVBand=0x400)
    for name, bit in flags.items():
        look.set(qn(f"w:{name}"), "1" if bit else "0")
    look.set(qn("w:val"), f"{sum(flags.values()):04X}")  # the same, as older Word reads it
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))
        texts = header if index == 0 else body[index - 1]
        for column, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            cell.text = "" if text is None else str(text)
            paragraph = cell.paragraphs[0]
            if index == 0 or (footer and index == len(body)):
                for run in paragraph.runs:
                    run.bold = True  # as well as the style: not every word processor has it
            if numeric_from is not None and column >= numeric_from:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def add_toc(document, *, heading: str, placeholder: str) -> None:
    """A real Word table of contents (a TOC field over Heading 1–3); Word fills in the
    entries and page numbers when it opens the file (``w:updateFields`` in settings)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    # "TOC Heading" looks like a heading but is not listed in the contents itself.
    document.add_paragraph(heading, style="TOC Heading")
    paragraph = document.add_paragraph()

    def field_char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")
        run._r.append(element)

    field_char("begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = TOC_INSTRUCTION
    paragraph.add_run()._r.append(instruction)
    field_char("separate")
    paragraph.add_run(placeholder)
    field_char("end")
    update_fields_on_open(document)


def update_fields_on_open(document) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings_element = document.settings.element
    update = settings_element.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        # Word wants the children of w:settings in the order of the schema.
        settings_element.insert_element_before(update, *SETTINGS_AFTER_UPDATE_FIELDS)
    update.set(qn("w:val"), "true")


def _field(paragraph, instruction: str, *, size=None, placeholder: str = "1") -> None:
    """A simple field (PAGE, NUMPAGES) at the end of the paragraph."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    if size is not None:
        rpr = OxmlElement("w:rPr")
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), str(int(size.pt * 2)))
        rpr.append(sz)
        run.append(rpr)
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _png(image: bytes) -> io.BytesIO:
    """Any image Pillow reads (the logo may be WebP, which Word cannot show) as PNG."""
    from PIL import Image

    with Image.open(io.BytesIO(image)) as source:
        out = io.BytesIO()
        source.save(out, format="PNG")
    out.seek(0)
    return out


def _picture(run, image: io.BytesIO, *, height, description: str) -> None:
    shape = run.add_picture(image, height=height)
    shape._inline.docPr.set("descr", description)


def add_picture(run, image: bytes, *, height, description: str) -> None:
    """An uploaded image (any format Pillow reads) in ``run``, with its text alternative."""
    _picture(run, _png(image), height=height, description=description)


def add_margins(document, *, title: str, branding: Branding) -> None:
    """The running header on every page (the process's own logo on the left; the funding
    logos and the EU emblem of a funded process on the right; the title) and the footer
    (the publicity notice of a funded process, "page X of Y" as Word fields)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt, RGBColor

    grey = RGBColor(0x55, 0x55, 0x55)
    for section in document.sections:
        text_width = section.page_width - section.left_margin - section.right_margin
        header = section.header
        logos = header.paragraphs[0]
        if branding.logo or branding.has_funding:
            logos.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
            if branding.logo:
                _picture(
                    logos.add_run(),
                    _png(branding.logo),
                    height=Mm(11),
                    description=branding.logo_alt,
                )
            if branding.has_funding:
                logos.add_run("\t")
                if branding.funding_logo:
                    _picture(
                        logos.add_run(),
                        _png(branding.funding_logo),
                        height=Mm(9),
                        description=branding.funding_logo_alt,
                    )
                    logos.add_run(" ")
                _picture(
                    logos.add_run(),
                    io.BytesIO(eu_emblem_png()),
                    height=Mm(9),
                    description=branding.eu_emblem_alt,
                )
                label = logos.add_run(" " + branding.eu_label)
                label.bold = True
                label.font.size = Pt(8)
            title_paragraph = header.add_paragraph(style="Header")
        else:
            title_paragraph = logos
        title_run = title_paragraph.add_run(title)
        title_run.font.size = Pt(8)
        title_run.font.color.rgb = grey
        title_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

        footer = section.footer
        page = footer.paragraphs[0]
        if branding.notice:
            notice = page
            run = notice.add_run(branding.notice)
            run.font.size = Pt(7.5)
            run.font.color.rgb = grey
            notice.alignment = WD_ALIGN_PARAGRAPH.CENTER
            page = footer.add_paragraph(style="Footer")
        page.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # "Page %(page)s of %(pages)s": the text around the two fields, in any language.
        template = _("Page %(page)s of %(pages)s")
        parts = re.split(r"(%\(page\)s|%\(pages\)s)", template)
        for part in parts:
            if part == "%(page)s":
                _field(page, "PAGE", size=Pt(8))
            elif part == "%(pages)s":
                _field(page, "NUMPAGES", size=Pt(8))
            elif part:
                page.add_run(part).font.size = Pt(8)


def czech_typography(document) -> None:
    """Non-breaking spaces after one-letter prepositions in every piece of text (body,
    tables, headers), whichever way it got into the document."""
    from docx.oxml.ns import qn

    parts = [document.element.body]
    for section in document.sections:
        for margin in (section.header, section.footer):
            if not margin.is_linked_to_previous:  # only those that exist (no new empty parts)
                parts.append(margin._element)
    for part in parts:
        for text in part.iter(qn("w:t")):
            if text.text:
                text.text = czech_nbsp(text.text)


def money(value) -> str:
    """An amount in whole crowns: "4 600 000"."""
    return format_number(value, 0) if value is not None else ""
