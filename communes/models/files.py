"""Uploaded files: what is accepted, and where it is kept.

Uploads are limited in size and to images and PDF, recognised by their first bytes (a renamed
file does not pass), and stored under MEDIA_ROOT with a random name: never under static/, and
served only by `communes.views.files.download`, which checks the user's scope first.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# First bytes of each accepted kind of file, and the extension it is stored with.
SIGNATURES = [
    (b"%PDF-", ".pdf"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
]
IMAGE_EXTENSIONS = {".jpg", ".png", ".webp"}


def sniff(head: bytes) -> str | None:
    """The extension matching a file's first bytes, or None for anything not accepted."""
    for signature, extension in SIGNATURES:
        if head.startswith(signature):
            return extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    return None


def validate_upload(file) -> None:
    limit = settings.UPLOAD_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB); tối đa %(limit)s MB.")
            % {"size": round(file.size / 1_048_576, 1), "limit": limit // 1_048_576}
        )
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    if sniff(head) is None:
        raise ValidationError(_("Chỉ nhận ảnh (JPEG, PNG, WebP) hoặc tệp PDF."))


def validate_image(file) -> None:
    validate_upload(file)
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if sniff(head) not in IMAGE_EXTENSIONS:
        raise ValidationError(_("Chỉ nhận ảnh (JPEG, PNG, WebP)."))


@deconstructible
class UploadPath:
    """A random file name under `prefix/yyyy/mm/`; the visitor's file name is not kept on disk."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        extension = PurePath(filename).suffix.lower()
        extension = {".jpeg": ".jpg"}.get(extension, extension)
        if extension not in {".pdf", ".jpg", ".png", ".webp"}:
            extension = ".bin"
        return f"{self.prefix}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadPath) and other.prefix == self.prefix
