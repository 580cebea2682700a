"""Files people attach to records (evidence of work items, photos and documents of projects):
which kinds are accepted and how large, checked the same way everywhere."""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_SUFFIXES = frozenset(
    {
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".pdf",
        ".xlsx",
        ".xls",
        ".docx",
        ".doc",
        ".pptx",
        ".txt",
        ".csv",
        ".zip",
    }
)


def upload_check(*, upload: UploadedFile, field: str) -> None:
    """Refuse a file that is too big or of a kind offices do not attach, keyed by `field`."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise ValidationError(
            {
                field: [
                    _(
                        "“%(name)s”: files of this kind are not accepted "
                        "(photos, PDF, Office files)."
                    )
                    % {"name": name}
                ]
            }
        )
    if (upload.size or 0) > MAX_UPLOAD_BYTES:
        raise ValidationError({field: [_("“%(name)s” is larger than 20 MB.") % {"name": name}]})
