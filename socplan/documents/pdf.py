"""PDF documents rendered from Django templates with WeasyPrint.

Every printed document (plan, catalogue booklet, attendance sheet, minutes, monitoring
report) extends ``documents/print_base.html``: A4 or A5 pages, running header and page
numbers, the process's title page with its logo, the EU emblem and the publicity notice, a
table of contents whose page numbers WeasyPrint fills in (``target-counter``), Czech
typography (``{% load print %}``: the ``nbsp`` filter, numbers through the ``num`` filter;
hyphenation by the document's language). The output is a tagged PDF (PDF/UA-1) so that
screen readers can read it.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_html(template_name: str, context: dict, *, language: str | None = None) -> str:
    """The HTML of a printed document; the context gets ``branding`` (the process's logo,
    the EU emblem and the publicity notice, see :mod:`.branding`) unless it has one."""
    from .branding import branding_for

    with translation.override(language or settings.LANGUAGE_CODE):
        if "branding" not in context:
            context = {**context, "branding": branding_for(context.get("process"))}
        return render_to_string(template_name, context)


def render_pdf(template_name: str, context: dict, *, language: str | None = None) -> bytes:
    """The PDF of a template. Images and stylesheets are read from the static and media
    folders (``base_url`` is the media root, so ``{{ process.logo.path }}`` works as a
    ``file://`` address; use the ``static_path`` tag for static files)."""
    from weasyprint import HTML

    html = render_html(template_name, context, language=language)
    return HTML(string=html, base_url=str(settings.MEDIA_ROOT)).write_pdf(pdf_variant="pdf/ua-1")


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF (for tests and checks), read back with pypdf."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
