"""Checks of uploaded documents: size, extension and the content itself.

The extension alone proves nothing (anybody can rename a program to ``.pdf``), so the
first bytes of the file must match the format its name claims ("magic bytes"); the
zip-based office formats (DOCX, XLSX, ODT) must be readable zip archives with the parts
that format requires.
"""

import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_upload_bytes() -> int:
    """``settings.LIBRARY_MAX_UPLOAD_BYTES``, 20 MB when not set."""
    return int(getattr(settings, "LIBRARY_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class Format:
    label: str
    content_type: str


FORMATS = {
    "pdf": Format("PDF", "application/pdf"),
    "docx": Format(
        "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "xlsx": Format("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": Format("ODT", "application/vnd.oasis.opendocument.text"),
    "png": Format("PNG", "image/png"),
    "jpg": Format("JPEG", "image/jpeg"),
    "jpeg": Format("JPEG", "image/jpeg"),
    "gif": Format("GIF", "image/gif"),
    "webp": Format("WebP", "image/webp"),
}
ALLOWED_LABEL = "PDF, DOCX, XLSX, ODT, PNG, JPEG, GIF, WebP"

# zip members each office format must contain
_ZIP_PARTS = {
    "docx": ("[Content_Types].xml", "word/document.xml"),
    "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
    "odt": ("mimetype", "content.xml"),
}


def _head_matches(extension: str, head: bytes) -> bool:
    if extension == "pdf":
        # The header may follow a few bytes of junk; readers look in the first kilobyte.
        return b"%PDF-" in head[:1024]
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in {"jpg", "jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension == "gif":
        return head[:6] in {b"GIF87a", b"GIF89a"}
    if extension == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension in _ZIP_PARTS:
        return head.startswith(b"PK\x03\x04")
    return False


def _zip_matches(extension: str, upload) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if not all(part in names for part in _ZIP_PARTS[extension]):
                return False
            if extension == "odt":
                mimetype = archive.read("mimetype").strip()
                return mimetype == FORMATS["odt"].content_type.encode()
            return True
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return False


def check_upload(upload) -> Format:
    """The format of an uploaded file; ValidationError with a clear message when the file is
    empty, too big, of a type that is not allowed, or not what its name says."""
    if upload is None:
        raise ValidationError(_("Choose a file to upload."), code="required")
    limit = max_upload_bytes()
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > limit:
        raise ValidationError(
            _("The file is too big (%(size)s); the largest allowed size is %(limit)s."),
            code="too_big",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    extension = Path(upload.name or "").suffix.lower().lstrip(".")
    fmt = FORMATS.get(extension)
    if fmt is None:
        raise ValidationError(
            _("Files of this type cannot be uploaded. Allowed types: %(allowed)s."),
            code="type",
            params={"allowed": ALLOWED_LABEL},
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    ok = _head_matches(extension, head)
    if ok and extension in _ZIP_PARTS:
        ok = _zip_matches(extension, upload)
        upload.seek(0)
    if not ok:
        raise ValidationError(
            _(
                "The file is named like a %(format)s file but its content is not %(format)s. "
                "Save it again as %(format)s, or upload it under its right name."
            ),
            code="content",
            params={"format": fmt.label},
        )
    return fmt
