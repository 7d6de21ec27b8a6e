"""The PDF files of the library's demo documents (statute, rules, invitation, leaflet…:
:func:`socplan.library.demo.load_documents`), typeset by Typst (:mod:`.typeset`): the
process's title page, the label of a made-up document, and the document's sections, each a
heading with its paragraphs."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import typeset
from .branding import branding_for


def demo_document(context: dict) -> typeset.Document:
    """The document of ``context``: process, title, subtitle, sections [(heading,
    [paragraphs])] (in the active language)."""
    process = context["process"]
    images = typeset.Images()
    demo = [_("Demo data: made up for trying socplan out.")] if process.is_demo else []
    blocks = [
        typeset.demo_label(_("Demo document: made up for trying socplan out, not a real document."))
    ]
    for heading, texts in context["sections"]:
        blocks.append(typeset.heading(heading, level=1))
        blocks += [typeset.paragraph(text) for text in texts]
    return typeset.Document(
        title=context["title"],
        subtitle=context.get("subtitle", ""),
        author=process.realizer,
        lang=settings.LANGUAGE_CODE[:2],
        blocks=blocks,
        title_page=typeset.title_page(branding_for(process), images, demo=demo),
        images=images,
    )


def demo_document_pdf(context: dict) -> bytes:
    """The PDF of a demo document (in the installation's language)."""
    with override(settings.LANGUAGE_CODE):
        document = demo_document(context)
    return typeset.typeset_pdf(document)
