"""Uploaded files are judged by their content, never by their name or the browser's word."""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from balai.catalog.constants import FileType

MAX_UPLOAD_BYTES = 5 * 1024 * 1024

# The first bytes of each accepted kind of file.
SIGNATURES = {
    FileType.PDF: (b"%PDF-",),
    FileType.JPEG: (b"\xff\xd8\xff",),
    FileType.PNG: (b"\x89PNG\r\n\x1a\n",),
}
CONTENT_TYPES = {
    FileType.PDF: "application/pdf",
    FileType.JPEG: "image/jpeg",
    FileType.PNG: "image/png",
}


@dataclass(frozen=True)
class Inspected:
    file_type: str
    content_type: str
    size: int
    sha256: str


def sniff(head: bytes) -> str | None:
    for file_type, signatures in SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return file_type
    return None


def inspect_upload(upload, allowed_types=None, max_bytes: int | None = None) -> Inspected:
    """Check size and real type of an uploaded file; raise ValidationError in Indonesian."""
    # Read at call time, so a deployment (or a test) can change the limit.
    max_bytes = max_bytes or MAX_UPLOAD_BYTES
    allowed = list(allowed_types or SIGNATURES)
    name = getattr(upload, "name", "") or _("berkas")
    if upload.size == 0:
        raise ValidationError(_("Berkas %(name)s kosong.") % {"name": name})
    if upload.size > max_bytes:
        raise ValidationError(
            _("Berkas %(name)s terlalu besar (%(size)s MB); paling besar %(max)s MB.")
            % {"name": name, "size": round(upload.size / 1048576, 1), "max": max_bytes // 1048576}
        )
    upload.seek(0)
    file_type = sniff(upload.read(16))
    if file_type is None or file_type not in allowed:
        labels = ", ".join(str(FileType(t).label) for t in allowed)
        raise ValidationError(
            _("Berkas %(name)s bukan %(types)s. Unggah hasil pindai atau foto dokumen.")
            % {"name": name, "types": labels}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Inspected(file_type, CONTENT_TYPES[file_type], upload.size, digest.hexdigest())
