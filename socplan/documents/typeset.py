"""Every PDF of socplan, typeset by Typst: the plan, the catalogue booklet, the monitoring
report and the evaluation, the minutes and the attendance sheet, the resolution table, the
survey's questionnaire and results, the library's demo documents.

WeasyPrint, used before, laid HTML out box by box in Python: a plan of 44 pages with its
analyses took it 5 to 6 seconds of CPU, a plan of 100 pages over 10 (benchmarks/results.md).
Typst, a typesetter written in Rust, sets the same document in well under a second, as a
tagged PDF/UA-1 (headings, tables with their header cells, images with their text
alternatives, the document's language and title).

A document is handed to Typst as data, never as markup: the module of each document builds
a list of blocks (headings, paragraphs, tables, figures… the helpers below) with every text
translated and every number written the Czech way, and ``typst/document.typ`` lays them
out. Images go beside it as files (``Images``). So no text a user wrote can change the
layout, and there is nothing to escape.

The PDF of a document is kept by :func:`socplan.documents.pdf.cached_document` under
:func:`document_key`, a hash of its data, its images, the template and Typst's version.
"""

import hashlib
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .typography import czech_nbsp

TEMPLATE = Path(__file__).parent / "typst" / "document.typ"
# Raised when the way a document is typeset changes without its data or template changing.
RENDERING = 1
PDF_STANDARDS = ["ua-1"]


@dataclass
class Images:
    """The images of a document, as files beside it (name -> bytes); the same image is
    one file however often it is printed."""

    files: dict[str, bytes] = field(default_factory=dict)

    def add(self, content: bytes | str, suffix: str) -> str:
        if isinstance(content, str):
            content = content.encode()
        name = f"img-{hashlib.sha256(content).hexdigest()[:20]}.{suffix}"
        self.files[name] = content
        return name

    def add_chart(self, chart) -> str:
        """A chart (``socplan.core.charts.Chart`` or any object with ``svg``) as an SVG file."""
        return self.add(chart.svg, "svg")

    def add_picture(self, content: bytes) -> str | None:
        """An uploaded picture (PNG, JPEG, GIF or WebP) under the suffix of its format; None
        for a file that is no such picture (damaged in the storage since it was uploaded):
        the document goes without it rather than failing."""
        import io

        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(content)) as image:
                kind = (image.format or "").lower()
        except (OSError, UnidentifiedImageError, ValueError):
            return None
        suffix = {"jpeg": "jpg"}.get(kind, kind)
        if suffix not in {"png", "jpg", "gif", "webp"}:
            return None
        return self.add(content, suffix)


# --- blocks (see typst/document.typ) ------------------------------------------------------


def heading(
    text: str,
    level: int = 1,
    *,
    id: str = "",
    page_break: bool = False,
    outlined: bool = True,
    rule: bool = False,
) -> dict:
    """A heading; ``id``: its label (for page references); ``rule``: a line under it."""
    block = {
        "t": "h",
        "level": level,
        "text": czech_nbsp(str(text)),
        "id": id,
        "break": page_break,
        "outlined": outlined,
    }
    if rule:
        block["rule"] = True
    return block


# Styles of a run: "" (plain), "b" (bold), "i" (italic), "tag" and "tag-marked" (a small
# framed label; "marked" in another colour), "page" and "page-b" (the number of the page
# where the element labelled with the run's text is, plain or bold, linked to it).
RUN_STYLES = ("", "b", "i", "tag", "tag-marked", "page", "page-b")
PAGE_STYLES = ("page", "page-b")


def _run(run) -> list[str]:
    if isinstance(run, str):
        return ["", czech_nbsp(run)]
    style, value = run
    if style not in RUN_STYLES:
        raise ValueError(f"unknown style of a run {style!r}")
    if style in PAGE_STYLES:
        return [style, str(value)]  # a label, not a text
    return [style, czech_nbsp(str(value))]


def runs(*items) -> list[list[str]]:
    """Runs of text: a text, or (style, text) with a style of ``RUN_STYLES``."""
    return [_run(str(item) if not isinstance(item, (tuple, list)) else item) for item in items]


def page_of(id: str, *, bold: bool = False) -> tuple[str, str]:
    """A run: the number of the page of the element labelled ``id``."""
    return ("page-b" if bold else "page", id)


def paragraph(*items, size: str = "", tone: str = "") -> dict:
    """A paragraph of runs (see :func:`runs`: a text, or (style, text) with style "b" (bold),
    "i" (italic), a tag or a page number)."""
    return {"t": "p", "runs": runs(*items), "size": size, "tone": tone}


def paragraphs(text: str, **kwargs) -> list[dict]:
    """A paragraph per line of a text that has any."""
    return [paragraph(line, **kwargs) for line in (text or "").splitlines() if line.strip()]


def bullets(items, *, size: str = "") -> dict:
    return {"t": "ul", "items": [czech_nbsp(str(item)) for item in items], "size": size}


def facts(pairs) -> dict:
    """Lines "label: value" (the facts of a measure)."""
    return {"t": "facts", "items": [[str(label), czech_nbsp(str(value))] for label, value in pairs]}


def table(
    columns,
    rows,
    *,
    caption: str = "",
    numeric=(),
    widths=(),
    row_headers: bool = False,
    total=None,
    size: str = "",
    keep: bool = False,
    note: str = "",
    source: str = "",
    legend=(),
    centred=(),
    fixed: bool = False,
) -> dict:
    """A table with its heading row (repeated on every page it runs to).

    ``numeric``: the indexes of the columns aligned to the right; ``widths``: the width of
    the first columns in per cent of the page (None: shared with the others); ``total``: a
    last row in bold under a rule; ``keep``: the table with its caption and note on one
    page; ``size``: "small" or "tiny" type; ``legend``: (short, long) names of numbered
    columns, printed under the table; ``centred``: the indexes of centred columns."""
    count = len(columns)
    numeric, centred = set(numeric), set(centred)

    def cell(value) -> str | dict:
        if isinstance(value, dict):  # runs (see runs_cell)
            return value
        return "" if value is None else czech_nbsp(str(value))

    return {
        "t": "table",
        "caption": czech_nbsp(str(caption)) if caption else "",
        "columns": [str(c) for c in columns],
        "rows": [[cell(v) for v in row] for row in rows],
        "numeric": [i in numeric for i in range(count)],
        "centred": [i in centred for i in range(count)],
        "widths": [w or None for w in widths],
        "fixed": fixed,
        "row-headers": row_headers,
        "total": [cell(v) for v in total] if total is not None else None,
        "size": size,
        "keep": keep,
        "note": str(note or ""),
        "source": str(source or ""),
        "legend": [[str(short), czech_nbsp(str(long))] for short, long in legend],
    }


# millimetres per unit of a chart's width (a CSS pixel: the charts are drawn for the screen)
CHART_MM = 0.2646


def figure(image: str, *, alt: str, caption: str = "", width_mm: float | None = None) -> dict:
    """An image with its caption above it and its text alternative; ``width_mm``: printed
    this wide (else the width of the text)."""
    return {
        "t": "figure",
        "image": image,
        "alt": str(alt),
        "caption": czech_nbsp(str(caption)),
        "width": round(width_mm, 1) if width_mm else None,
    }


def chart_figure(images: "Images", chart, *, caption: str | None = None) -> dict:
    """A chart (``socplan.core.charts.Chart`` or any object with ``svg``, ``title`` and
    ``description``) at the size it is drawn for."""
    width = getattr(chart, "width", None)
    if not width:
        found = re.search(r'<svg[^>]*\swidth="([\d.]+)"', chart.svg)
        width = float(found.group(1)) if found else None
    return figure(
        images.add_chart(chart),
        alt=chart.description,
        caption=chart.title if caption is None else caption,
        width_mm=width * CHART_MM if width else None,
    )


def figures(items: list[dict]) -> dict:
    """Figures two to a row (small charts)."""
    return {"t": "figures", "items": items}


# a card of at most this many characters of text is kept on one page
CARD_KEPT_CHARACTERS = 1800


def _kept(blocks: list[dict], limit: int) -> bool:
    """Whether a group of blocks is short enough to keep on one page."""
    return len(json.dumps(blocks, ensure_ascii=False)) <= limit


def card(title: str, blocks: list[dict], *, level: int = 3) -> dict:
    """A framed group of blocks under a heading (a measure of the plan), on one page unless
    it is long."""
    return {
        "t": "card",
        "title": czech_nbsp(str(title)),
        "level": level,
        "blocks": blocks,
        "keep": _kept(blocks, CARD_KEPT_CHARACTERS),
    }


# an entry of at most this many characters of data is kept on one page
ENTRY_KEPT_CHARACTERS = 3000


def entry(title: str, blocks: list[dict], *, id: str, level: int = 3) -> dict:
    """An entry of a directory (a service of the catalogue booklet): its name as a heading
    left out of the contents, labelled ``id`` (for page references), and its blocks, on one
    page unless it is long, with a rule under it."""
    return {
        "t": "entry",
        "title": czech_nbsp(str(title)),
        "id": id,
        "level": level,
        "blocks": blocks,
        "keep": _kept(blocks, ENTRY_KEPT_CHARACTERS),
    }


def fields(pairs, *, label_width: int = 22) -> dict:
    """Labelled values side by side ("Provider   Zeta, o. p. s."), the labels in a column
    ``label_width`` per cent wide; a value is a text, or a list of lines, each a text or a
    list of runs (see :func:`runs`)."""

    def lines(value) -> list:
        if isinstance(value, str):
            value = [value]
        return [runs(line) if isinstance(line, str) else runs(*line) for line in value]

    return {
        "t": "fields",
        "items": [[str(label), lines(value)] for label, value in pairs],
        "label-width": label_width,
    }


def index(rows, *, columns: int = 1, empty: str = "") -> dict:
    """An index: rows (name, [(text, id), …]), each item followed by the number (bold) of
    the page of the element labelled ``id`` (no number when ``id`` is empty); in
    ``columns`` columns; ``empty``: printed when there is no row."""
    return {
        "t": "index",
        "rows": [
            [czech_nbsp(str(name)), [[czech_nbsp(str(text)), id or ""] for text, id in items]]
            for name, items in rows
        ],
        "columns": columns,
        "empty": czech_nbsp(str(empty)) if empty else "",
    }


def landscape(blocks: list[dict]) -> dict:
    """Blocks on landscape pages (tables of many columns)."""
    return {"t": "landscape", "blocks": blocks}


def outline(title: str, *, depth: int = 2) -> dict:
    """The table of contents (the headings that are outlined, to ``depth``)."""
    return {"t": "outline", "title": str(title), "depth": depth}


def title_page(branding, images: "Images", *, subtitles=(), lines=(), colophon=(), demo=()) -> dict:
    """The title page of a document: the installation's name and the process's logo
    (``branding``: :class:`socplan.documents.branding.Branding`), ``subtitles`` under the
    title, ``lines`` (status, date), ``colophon`` (label, text) pairs, the labels of demo
    data, and for a funded process its funding logos, the EU emblem and the publicity
    notice at the foot of the page."""
    return {
        "site_name": branding.site_name,
        "logo": images.add_picture(branding.logo) if branding.logo else None,
        "logo_alt": branding.logo_alt,
        "subtitles": [czech_nbsp(str(text)) for text in subtitles],
        "lines": [czech_nbsp(str(text)) for text in lines],
        "colophon": [[str(label), czech_nbsp(str(text))] for label, text in colophon],
        "demo": [str(label) for label in demo],
        "publicity": publicity(branding, images) if branding.has_funding else None,
    }


# --- the resolution table of a consultation round, the documents of a needs survey --------
# (socplan.documents.consultation and .surveys): a document without a title page, the
# questions of the paper questionnaire and groups of blocks kept on one page.


def head(
    *,
    above=(),
    demo=(),
    blocks=(),
    rule: bool = False,
    landscape: bool = False,
    margin_mm=None,
    size_pt: float | None = None,
) -> dict:
    """In place of a title page (``Document.title_page``): the document's title (and
    subtitle) at the top of its first page, the lines ``above`` it (the process's name,
    muted), the labels of demo data and the ``blocks`` under it (an introduction), with a
    ``rule`` under them; the pages are numbered from the first one, without the running
    header. ``landscape`` pages, ``margin_mm`` (top, sides, bottom) and the size of the type
    in points (else those of the document)."""
    return {
        "head": True,
        "above": [czech_nbsp(str(text)) for text in above],
        "demo": [str(label) for label in demo],
        "blocks": list(blocks),
        "rule": rule,
        "landscape": landscape,
        "margin": list(margin_mm) if margin_mm else None,
        "size": size_pt,
    }


# the marks of the options of a question: a circle (one answer), a box (more answers) or a
# wider box (a ranking: the place is written in it)
MARKS = ("circle", "box", "rank")


def _coded(pairs) -> list[list[str]]:
    return [[czech_nbsp(str(label)), str(code)] for label, code in pairs]


def choices(options, *, mark: str = "circle", other=None) -> dict:
    """The answer of a question: its options (label, code) each beside an empty ``mark``;
    ``other``: (label, code) of an "other" answer with boxes to write it in."""
    if mark not in MARKS:
        raise ValueError(f"unknown mark {mark!r}")
    return {
        "kind": "choices",
        "mark": mark,
        "options": _coded(options),
        "other": _coded([other])[0] if other else None,
    }


def grid_of_choices(columns, rows) -> dict:
    """The answer of a matrix question: a table of the ``rows`` (label, code) and the
    ``columns`` (label, code: the scale), an empty circle in each cell."""
    return {"kind": "matrix", "columns": _coded(columns), "rows": _coded(rows)}


def answer_box() -> dict:
    """The answer of a question: a box to write a number in."""
    return {"kind": "box"}


def answer_lines(count: int = 1) -> dict:
    """The answer of a question: ``count`` lines to write on."""
    return {"kind": "lines", "count": count}


def question(code: str, text: str, answer: dict, *, required=False, hints=(), notice="") -> dict:
    """A question of a paper questionnaire: its code and text (in bold, " *" when it must be
    answered), ``hints`` under it (in italics), the ``answer`` (:func:`choices`,
    :func:`grid_of_choices`, :func:`answer_box`, :func:`answer_lines`) and a framed
    ``notice``; kept on one page."""
    return {
        "t": "question",
        "code": str(code),
        "text": czech_nbsp(str(text)) + (" *" if required else ""),
        "hints": [czech_nbsp(str(hint)) for hint in hints if hint],
        "answer": answer,
        "notice": czech_nbsp(str(notice)) if notice else "",
    }


# a group of at most this many characters of data is kept on one page
GROUP_KEPT_CHARACTERS = 2500


def group(blocks: list[dict]) -> dict:
    """Blocks that belong together (a question's results), on one page unless long."""
    return {"t": "group", "blocks": blocks, "keep": _kept(blocks, GROUP_KEPT_CHARACTERS)}


# --- the monitoring report and the evaluation of a plan (socplan.documents.monitoring_print)
# traffic lights' labels, bold in the colour of their light, in paragraphs and tables.

LIGHTS = ("on_track", "at_risk", "off_track")


def light(code: str | None, text: str) -> tuple[str, str, str]:
    """A run of :func:`lights_paragraph`: the label of a traffic light (``code`` of
    ``LIGHTS``), bold in its colour ("–" plain when there is no light)."""
    return ("light", code or "", str(text))


def lights_paragraph(*items, size: str = "") -> dict:
    """A paragraph of runs (see :func:`runs`) some of which are traffic lights
    (:func:`light`)."""
    parts = []
    for item in items:
        if isinstance(item, tuple) and len(item) == 3 and item[0] == "light":
            code = item[1] if item[1] in LIGHTS else ""
            parts.append([f"light-{code}" if code else "", czech_nbsp(item[2])])
        else:
            parts += runs(item)
    return {"t": "lights-p", "runs": parts, "size": size, "tone": ""}


def lights_table(columns, rows, *, lights: dict[int, list], **kwargs) -> dict:
    """A :func:`table` whose column ``i`` of ``lights`` holds the labels of traffic lights
    (each in the colour of the light whose code is in ``lights[i]``, a code per row)."""
    block = table(columns, rows, **kwargs)
    block["t"] = "lights-table"
    block["lights"] = [
        [
            (code if code in LIGHTS else "")
            for code in (lights[i][r] if i in lights else None for i in range(len(columns)))
        ]
        for r in range(len(block["rows"]))
    ]
    return block


# --- the minutes and the attendance sheet of a meeting (socplan.documents.minutes and
# .attendance): no title page (``Document(title_page=None, running=…)``) but a letterhead on
# the first page, the publicity of a funded process in a frame, cells of a table with bold
# or italic runs, a sheet to sign and a paragraph set apart.


def demo_label(text: str) -> dict:
    """The label of demo data (red, framed) as a block of its own."""
    return {"t": "demo-label", "text": str(text)}


def logo(images: "Images", content: bytes | None, *, alt: str, height_mm: float) -> dict | None:
    """A logo of :func:`letterhead` at most ``height_mm`` high (None: no picture, or a
    damaged one)."""
    name = images.add_picture(content) if content else None
    if name is None:
        return None
    return {"image": name, "alt": str(alt), "height": height_mm}


def eu_emblem(branding, images: "Images") -> dict:
    """The EU emblem with its text alternative and its label ("European Union")."""
    from .branding import eu_emblem_png

    return {
        "image": images.add(eu_emblem_png(), "png"),
        "alt": branding.eu_emblem_alt,
        "label": branding.eu_label,
    }


def letterhead(blocks: list[dict], *, logos=(), eu: dict | None = None, rule: float = 0.5) -> dict:
    """The head of the first page of a document without a title page: ``blocks`` on the
    left (the process, the title…), on the right the ``logos`` (:func:`logo`) one under
    another and the EU emblem with its label (``eu``: :func:`eu_emblem`), a rule ``rule``
    points wide under it all."""
    return {
        "t": "letterhead",
        "blocks": list(blocks),
        "logos": [item for item in logos if item],
        "eu": eu,
        "rule": rule,
    }


def publicity(branding, images: "Images") -> dict:
    """The publicity of a funded process in a frame: its funding logos, the EU emblem with
    its label and the publicity notice."""
    return {
        "t": "publicity",
        "logo": logo(images, branding.funding_logo, alt=branding.funding_logo_alt, height_mm=14),
        "eu": eu_emblem(branding, images),
        "notice": czech_nbsp(branding.notice),
    }


def runs_cell(*items) -> dict:
    """A cell of :func:`table` in runs (see :func:`runs`: bold, italic…)."""
    return {"runs": runs(*items)}


def sheet(columns, rows, *, widths_mm=(), numeric=(), row_height_mm: float = 12) -> dict:
    """A table to fill in by hand (the attendance sheet): its heading row repeated on every
    page, each row at least ``row_height_mm`` high (room to sign in) and never split over two
    pages; ``widths_mm``: the widths of the columns (None: the rest shared, "auto": as wide
    as the column's widest cell); ``numeric``: the indexes of the columns aligned to the
    right."""
    count = len(columns)
    numeric = set(numeric)
    return {
        "t": "sheet",
        "columns": [str(c) for c in columns],
        "rows": [["" if v is None else czech_nbsp(str(v)) for v in row] for row in rows],
        "widths": [widths_mm[i] if i < len(widths_mm) else None for i in range(count)],
        "numeric": [i in numeric for i in range(count)],
        "row-height": row_height_mm,
    }


def aside(*items, above_mm: float = 4, rule: bool = False, size: str = "small") -> dict:
    """A paragraph of runs set apart, kept on one page: ``above_mm`` of space above it, a
    rule over it (``rule``), small type (``size`` "" for the normal one)."""
    return {"t": "aside", "runs": runs(*items), "above": above_mm, "rule": rule, "size": size}


# --- the document -------------------------------------------------------------------------


@dataclass
class Document:
    """A document for Typst: its title page and blocks, and its images."""

    title: str
    lang: str
    blocks: list[dict]
    subtitle: str = ""
    author: str = ""
    page: str = "A4"
    title_page: dict | None = field(default_factory=dict)  # None: none (see letterhead)
    images: Images = field(default_factory=Images)
    # (left, right): the running header from the second page on, the pages numbered from
    # the first one (the minutes and the attendance sheet of a meeting)
    running: tuple[str, str] | None = None

    def data(self) -> bytes:
        return json.dumps(
            {
                "title": czech_nbsp(self.title),
                "subtitle": czech_nbsp(self.subtitle),
                "author": self.author,
                "lang": self.lang,
                "page": self.page,
                "title_page": {"none": True} if self.title_page is None else self.title_page,
                "blocks": self.blocks,
                "running": [czech_nbsp(str(text)) for text in self.running or ()] or None,
            },
            ensure_ascii=False,
            sort_keys=True,
        ).encode()


def _template() -> bytes:
    return TEMPLATE.read_bytes()


def document_key(document: Document, *parts: str) -> str:
    """A hash of everything the PDF of ``document`` is made from (its data, images,
    the template, Typst's version and ``parts``)."""
    import typst

    digest = hashlib.sha256(f"typst {RENDERING}:{typst.__version__}".encode())
    for part in (_template(), document.data(), *parts):
        digest.update(b"\0")
        digest.update(part.encode() if isinstance(part, str) else part)
    for name in sorted(document.images.files):
        digest.update(b"\0" + name.encode())
    return digest.hexdigest()


def typeset_pdf(document: Document) -> bytes:
    """The tagged PDF (PDF/UA-1) of ``document``."""
    import typst

    # In a folder of its own (Typst's binding takes text files only from memory, and the
    # pictures are binary): the template, the data and the images, nothing else readable.
    with tempfile.TemporaryDirectory(prefix="socplan-typst-") as folder:
        root = Path(folder)
        (root / "document.typ").write_bytes(_template())
        (root / "data.json").write_bytes(document.data())
        for name, content in document.images.files.items():
            (root / name).write_bytes(content)
        return typst.compile(
            str(root / "document.typ"), root=str(root), format="pdf", pdf_standards=PDF_STANDARDS
        )
