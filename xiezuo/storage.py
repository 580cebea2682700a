"""Stored uploads are whole or absent.

Django's FileSystemStorage writes an upload straight under its final name;
when the disk fills (or the process is killed) half-way, a truncated file
stays there. `StagedFileSystemStorage` writes it under a hidden temporary
name in the same directory first and gives it its name — a link, atomic on
one filesystem — only once it is complete; on a failure the partial file is
removed and the error (ENOSPC, EFBIG…) goes on to `xiezuo.locked`, which
answers 507. A process killed mid-write leaves at most a `.partial-` file,
which no row names.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

from django.core.files.storage import FileSystemStorage

PARTIAL_PREFIX = ".partial-"


class StagedFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        directory = os.path.dirname(name)
        staged = os.path.join(directory, f"{PARTIAL_PREFIX}{uuid.uuid4().hex}")
        try:
            staged = super()._save(staged, content)  # type: ignore[misc]
        except BaseException:
            if os.path.lexists(self.path(staged)):
                os.unlink(self.path(staged))  # half written: the disk filled, say
            raise
        staged_path = self.path(staged)
        try:
            while True:
                full_path = self.path(name)
                try:
                    if getattr(self, "_allow_overwrite", False):
                        os.replace(staged_path, full_path)
                    else:
                        os.link(staged_path, full_path)  # FileExistsError if taken
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
        finally:
            if os.path.lexists(staged_path):
                os.unlink(staged_path)
        return str(name).replace("\\", "/")
