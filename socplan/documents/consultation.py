"""The resolution table of a consultation round (vypořádání připomínek) as PDF, DOCX and
XLSX, and as the annex of the plan document.

The PDF is typeset by Typst (:mod:`.typeset`): landscape A4 pages, the title at the top of
the first one, the table's header row repeated on every page (:func:`table_block`, also
the annex of the plan's PDF).

The columns are those of the public table (:func:`socplan.consultation.selectors
.resolution_table`): number, commenter as they agreed to be named, part of the plan, the
comment (with its quote), kind, resolution, reasoning and the change in the plan. Hidden
comments are never in a document.
"""

import hashlib
import io

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from socplan.consultation.models import Round
from socplan.consultation.selectors import TableRow, resolution_table
from socplan.core.tables import Column, Table, xlsx_bytes

from . import typeset
from .pdf import cached_document
from .typography import czech_nbsp
from .word import add_margins, add_table, czech_typography, new_document

FORMATS = ("pdf", "docx", "xlsx")


def headers() -> list[str]:
    return [
        _("No."),
        _("Commenter"),
        _("Part of the plan"),
        _("Comment"),
        _("Kind"),
        _("Resolution"),
        _("Reasoning"),
        _("Change in the plan"),
    ]


def _comment_text(row: TableRow) -> str:
    if row.quote:
        return f"„{row.quote}“\n{row.text}"
    return row.text


def row_values(row: TableRow) -> list:
    return [
        row.number,
        row.author,
        row.part,
        _comment_text(row),
        row.kind,
        row.outcome,
        row.reasoning,
        row.change,
    ]


def round_dates(round: Round) -> str:
    text = _("Comments from %(start)s to %(end)s") % {
        "start": date_format(round.opens_on, "SHORT_DATE_FORMAT"),
        "end": date_format(round.closes_on, "SHORT_DATE_FORMAT"),
    }
    if round.hearing_on:
        text += "; " + _("public hearing on %(date)s") % {
            "date": date_format(round.hearing_on, "SHORT_DATE_FORMAT")
        }
    return text


def table_context(round: Round, rows: list[TableRow] | None = None) -> dict:
    plan = round.plan
    return {
        "round": round,
        "plan": plan,
        "process": plan.process,
        "rows": resolution_table(round=round) if rows is None else rows,
        "title": _("Resolution of comments"),
        "subtitle": f"{plan.title}: {round.title}",
        "dates": round_dates(round),
        "page_size": "A4",
        "generated_on": timezone.localdate(),
    }


def table_block(rows: list[TableRow]) -> dict:
    """One round's resolution table as a block of a Typst document (the PDF of the table
    and the annex of the plan's PDF)."""
    return typeset.table(
        headers(),
        [row_values(row) for row in rows],
        widths=[4, 9, 10, 28, 7, 8, 21],
        size="tiny",
        row_headers=True,
    )


# the margins of the table's landscape pages (mm: top, sides, bottom)
MARGINS_MM = (12, 10, 14)


def table_document(round: Round, rows=None) -> typeset.Document:
    """The PDF of the table as a document for Typst (in the active language): the
    process's name above the title, the plan and the round under it, the dates and the
    table (or "No comments.")."""
    context = table_context(round, rows)
    process = context["process"]
    demo = []
    if process.is_demo or round.is_demo:
        demo.append(_("Demo data: made up for trying socplan out."))
    blocks = [typeset.paragraph(context["dates"], size="small")]
    if context["rows"]:
        blocks.append(table_block(context["rows"]))
    else:
        blocks.append(typeset.paragraph(_("No comments.")))
    return typeset.Document(
        title=str(context["title"]),
        subtitle=context["subtitle"],
        author=process.realizer,
        lang=(get_language() or settings.LANGUAGE_CODE)[:2],
        blocks=blocks,
        title_page=typeset.head(
            above=[process.name], demo=demo, landscape=True, margin_mm=MARGINS_MM
        ),
    )


def table_pdf(*, round: Round, language: str | None = None, rows=None) -> bytes:
    with override(language or settings.LANGUAGE_CODE):
        document = table_document(round, rows)
    return typeset.typeset_pdf(document)


def add_resolution_table(document, round: Round, rows: list[TableRow], t=czech_nbsp) -> None:
    """The table of one round in a Word document (also the annex of the plan)."""
    document.add_paragraph(t(round_dates(round)))
    add_table(document, headers(), [[t(str(v)) for v in row_values(row)] for row in rows])


def table_docx(*, round: Round, language: str | None = None, rows=None) -> bytes:
    from docx.enum.section import WD_ORIENT

    from .branding import branding_for

    with override(language or settings.LANGUAGE_CODE):
        context = table_context(round, rows)
        document = new_document(title=context["title"])
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        document.add_heading(context["title"], level=0)
        document.add_paragraph(czech_nbsp(context["subtitle"]), style="Subtitle")
        add_resolution_table(document, round, context["rows"])
        add_margins(document, title=context["title"], branding=branding_for(round.plan.process))
        czech_typography(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


WIDTHS = (6, 24, 30, 60, 14, 16, 60, 40)


def table_xlsx(*, round: Round, language: str | None = None, rows=None) -> bytes:
    """The table on one sheet (through :mod:`socplan.core.tables`): the round and its dates
    above, a filter on the header, long texts wrapped."""
    with override(language or settings.LANGUAGE_CODE):
        context = table_context(round, rows)
        columns = [
            Column(header, width=width, wrap=index > 0)
            for index, (header, width) in enumerate(zip(headers(), WIDTHS, strict=True))
        ]
        table = Table(
            name="resolution",
            title=_("Resolution of comments"),
            columns=columns,
            rows=[row_values(row) for row in context["rows"]],
            intro=[[context["subtitle"]], [context["dates"]]],
            filter=True,
        )
        return xlsx_bytes([table])


RENDER = {"pdf": table_pdf, "docx": table_docx, "xlsx": table_xlsx}


CACHE_DIR = "consultation-tables"


def table_pdf_cached(*, round: Round, language: str | None = None) -> bytes:
    """The PDF of the table, made once per content: the file is kept in the data dir under
    the hash of the document it is typeset from (rows, titles, dates, language, template,
    Typst's version: :func:`.typeset.document_key`), so a change of the table makes a new
    one (the old file goes) and a download of an unchanged table costs the query and the
    hash only."""
    language = language or get_language() or settings.LANGUAGE_CODE
    with override(language):
        document = table_document(round)
    path, _made = cached_document(
        folder=CACHE_DIR,
        prefix=f"round-{round.pk}-{language}-",
        key=typeset.document_key(document),
        suffix="pdf",
        make=lambda: typeset.typeset_pdf(document),
    )
    return path.read_bytes()


def table_file(*, round: Round, format: str, language: str | None = None) -> tuple[bytes, str]:
    """The table in a format, and its download name (the PDF from its cache)."""
    render = table_pdf_cached if format == "pdf" else RENDER[format]
    content = render(round=round, language=language)
    name = f"vyporadani-pripominek-{slugify(round.title)[:60] or round.pk}.{format}"
    return content, name


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def load_demo_table(report) -> None:
    """The demo's resolution table as a public document of the process's library (the PDF
    rendered here; idempotent)."""
    from django.core.files.base import ContentFile

    from socplan.library import services as library_services
    from socplan.library.models import Document

    for round_ in Round.objects.filter(is_demo=True).select_related("plan__process"):
        process = round_.plan.process
        title = f"Vypořádání připomínek: {round_.title}"
        if Document.objects.filter(process=process, title=title).exists():
            continue
        content = table_pdf(round=round_)
        library_services.document_create(
            process=process,
            actor=None,
            title=title,
            category=Document.Category.PLAN,
            issued_on=round_.closes_on,
            is_public=True,
            file=ContentFile(content, name="vyporadani-pripominek.pdf"),
            note="Příloha plánu.",
            is_demo=True,
        )
        report.add("document")
