"""Kept documents, and reading a PDF back.

Every PDF of socplan is typeset by Typst from data (see :mod:`.typeset`: the plan, the
catalogue booklet, the monitoring report and the evaluation, the minutes and the attendance
sheet, the resolution table of comments, the survey's questionnaire and results, the
library's demo documents). Czech typography (non-breaking spaces after one-letter
prepositions, numbers with a space between thousands) is applied to the data
(:mod:`.typography`); the output is a tagged PDF/UA-1.

Documents that people download again and again (the plan, the catalogue booklet, the
resolution table) are kept by :func:`cached_document` under a hash of what they are made
from (:func:`content_key`, :func:`socplan.documents.typeset.document_key`), so an unchanged
document is made once.
"""

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings


def content_key(*parts: str | bytes) -> str:
    """A hash of what a document is made from (its data, the format, the layout version),
    with the way PDFs are made (``typeset.RENDERING``, Typst's version) mixed in."""
    import typst

    from .typeset import RENDERING

    digest = hashlib.sha256(f"{RENDERING}:typst {typst.__version__}".encode())
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


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF (for tests and checks), read back with pypdf."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
