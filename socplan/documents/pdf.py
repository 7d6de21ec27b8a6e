"""PDF documents rendered from Django templates with WeasyPrint.

The plan and the catalogue booklet (long documents) are typeset by Typst instead: see
:mod:`.typeset`. Every other printed document (attendance sheet, minutes, monitoring
report) extends ``documents/print_base.html``: A4 or A5 pages, running header and page
numbers, the process's title page with its logo, the EU emblem and the publicity notice, a
table of contents whose page numbers WeasyPrint fills in (``target-counter``), Czech
typography (``{% load print %}``: the ``nbsp`` filter, numbers through the ``num`` filter;
hyphenation by the document's language). The output is a tagged PDF (PDF/UA-1) so that
screen readers can read it.

Documents that people download again and again (the plan, the catalogue booklet) are kept by
:func:`cached_document` under a hash of what they are made from (for a PDF typeset by Typst,
:func:`.typeset.document_key`: its data, images and template), so an unchanged document is
made once.
"""

import gc
import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
# Raised when the way a PDF is made changes without its HTML changing (the options above,
# WeasyPrint's version is in the key anyway), so that kept documents are made again.
RENDERING = 1


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
    return pdf_from_html(render_html(template_name, context, language=language))


def pdf_from_html(html: str) -> bytes:
    """The tagged PDF (PDF/UA-1) of the HTML of a printed document (see :func:`render_pdf`)."""
    if _demo_pdfs is not None:  # loading the demo: see demo_pdfs()
        return _demo_pdf(html)
    return _typeset(html)


def _typeset(html: str) -> bytes:
    from weasyprint import HTML

    _patch_pydyf()
    with _fewer_collections():
        return HTML(string=html, base_url=str(settings.MEDIA_ROOT)).write_pdf(**PDF_OPTIONS)


# Typesetting allocates hundreds of thousands of boxes, most of them kept until the PDF is
# written: with Python's default threshold (a collection of the youngest generation every 700
# new objects) the cyclic garbage collector spends about a tenth of the CPU time of a booklet
# walking them again and again. While a PDF is typeset the threshold is raised (the last
# typesetting in the process puts the previous thresholds back); the garbage is still
# collected, less often. Booklet A5 of the demo (when WeasyPrint typeset it): about 0.15 s
# less CPU, peak memory higher by less than 100 MB.
GC_THRESHOLD_WHILE_TYPESETTING = 10_000
_gc_lock = threading.Lock()
_gc_users = 0
_gc_saved: tuple[int, ...] = ()


@contextmanager
def _fewer_collections():
    global _gc_users, _gc_saved
    with _gc_lock:
        if _gc_users == 0:
            _gc_saved = gc.get_threshold()
            gc.set_threshold(GC_THRESHOLD_WHILE_TYPESETTING, *_gc_saved[1:])
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0:
                gc.set_threshold(*_gc_saved)


# The PDFs made while the demo was loaded in this process, by their content key; None
# outside of demo_pdfs().
_demo_pdfs: dict[str, bytes] | None = None
_demo_pdfs_made: dict[str, bytes] = {}
DEMO_PDFS_FOLDER = "demo-pdfs"
DEMO_PDFS_KEPT = 64  # files in DATA_DIR/demo-pdfs, the newest (a demo has about ten PDFs)


# a reference that WeasyPrint resolves against the media folder (base_url)
_FILE_REFERENCE = re.compile(r"""(?:src|href)=["'](?!data:|#)|url\((?!["']?data:)""")


def _demo_pdf(html: str) -> bytes:
    # The demo's documents refer to no file (their images are data: addresses): their HTML
    # alone is what they are made from, whatever the media folder (the tests use a new one
    # each run). A document that does refer to files is kept per media folder.
    parts = (html, str(settings.MEDIA_ROOT)) if _FILE_REFERENCE.search(html) else (html,)
    key = content_key(*parts)
    if key not in _demo_pdfs:
        if len(_demo_pdfs) >= DEMO_PDFS_KEPT:
            _demo_pdfs.clear()
        _demo_pdfs[key] = _demo_pdf_file(html, key)
    return _demo_pdfs[key]


def _demo_pdf_file(html: str, key: str) -> bytes:
    path, made = cached_document(
        folder=DEMO_PDFS_FOLDER,
        prefix=f"demo-{key[:16]}-",
        key=key,
        suffix="pdf",
        make=lambda: _typeset(html),
    )
    content = path.read_bytes()
    if made:  # the oldest files go (the demo's documents of older code or older days)
        files = sorted(path.parent.glob("demo-*.pdf"), key=lambda f: f.stat().st_mtime)
        for old in files[:-DEMO_PDFS_KEPT]:
            old.unlink(missing_ok=True)
    return content


@contextmanager
def demo_pdfs():
    """While the demo is loaded: a PDF whose HTML (and media folder) is the same as that of
    a PDF made by an earlier load of the demo is not typeset again, but read from memory
    (an earlier load in this process) or from ``DATA_DIR/demo-pdfs`` (an earlier run: the
    HTML holds the data, the templates and the styles, see :func:`content_key`). The test
    suite loads the demo into several empty databases, ``make run`` into a new one; the
    documents are the same each time, and typesetting them is the larger part of a load."""
    global _demo_pdfs
    outer = _demo_pdfs
    _demo_pdfs = _demo_pdfs_made
    try:
        yield
    finally:
        _demo_pdfs = outer


def content_key(*parts: str | bytes) -> str:
    """A hash of what a document is made from (its HTML, the format, the layout version),
    with the way PDFs are made (``RENDERING``, WeasyPrint's version) mixed in."""
    import weasyprint

    digest = hashlib.sha256(f"{RENDERING}:{weasyprint.__version__}".encode())
    for part in parts:
        digest.update(b"\0")
        digest.update(part.encode() if isinstance(part, str) else part)
    return digest.hexdigest()


def kept_document_path(*, folder: str, prefix: str, key: str, suffix: str) -> Path:
    """Where :func:`cached_document` keeps the document of these arguments (the file may be
    missing: not made yet)."""
    return Path(settings.DATA_DIR) / folder / f"{prefix}{key[:40]}.{suffix}"


def cached_document(
    *,
    folder: str,
    prefix: str,
    key: str,
    suffix: str,
    make: Callable[[], bytes],
    also_remove: tuple[str, ...] = (),
) -> tuple[Path, bool]:
    """The file ``DATA_DIR/folder/<prefix><key>.<suffix>``, made by ``make()`` when missing;
    other files of the same prefix and suffix (older contents) are removed, so a folder
    keeps one file per prefix (``also_remove``: more glob patterns of files it replaces,
    e.g. of an older naming). Returns (path, whether it was made now).

    ``key`` comes from :func:`content_key` over everything the document is made from: a
    second download of an unchanged document costs only the hash, a change of the data
    makes a new one. The file is written aside and moved in place: a reader never gets a
    half-written file, and two processes making the same document write the same bytes."""
    path = kept_document_path(folder=folder, prefix=prefix, key=key, suffix=suffix)
    directory = path.parent
    if path.exists():
        return path, False
    content = make()
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=directory, delete=False, suffix=".part") as tmp:
        tmp.write(content)
    os.replace(tmp.name, path)
    for pattern in (f"{prefix}*.{suffix}", *also_remove):
        for old in directory.glob(pattern):
            if old != path:
                old.unlink(missing_ok=True)
    return path, True


_PATCHED = False


def _patch_pydyf() -> None:
    """pydyf builds the tuple of all page references each time one is asked for; a tagged
    PDF asks for one per tagged element, which makes writing quadratic in the number of
    pages (a third of writing a 60-page plan). Keep the tuple until a page is added. Same
    result, applied once, and only to the pydyf this was written for."""
    global _PATCHED
    if _PATCHED:
        return
    _PATCHED = True
    import pydyf

    original = getattr(pydyf.PDF, "page_references", None)
    if not isinstance(original, property) or not pydyf.__version__.startswith("0.13."):
        return

    def page_references(self):
        kids = self.pages["Kids"]
        cached = self.__dict__.get("_socplan_page_references")
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), original.fget(self))
            self.__dict__["_socplan_page_references"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF (for tests and checks), read back with pypdf."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
