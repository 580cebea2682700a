"""Imports uploaded on the web or posted to /api/dataValueSets?async=true:
an ImportJob per file, run in the background.

A small file is imported at once, in the request. A larger one is imported
in a thread started by the request (it works under gunicorn's sync workers:
the worker answers and the thread goes on) or, when the setting
XIEZUO_IMPORT_JOBS is "worker", left for `xiezuo imports run`. The page
polls `job_progress()` every second and shows the summary at the end.

The progress file names the process running the job (host, pid and the
process's start time). A job seen running whose process on this host is gone
— a worker killed or restarted mid-import — is marked failed with a message
when it is next looked at (`job_check`); its values were written in one
transaction, so none of them is stored.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xiezuo.accounts import policy
from xiezuo.paging import Capped, capped

from .imports import ImportOptions, ImportSummary, values_import
from .models import ImportJob

log = logging.getLogger(__name__)

STALE_SECONDS = 15 * 60  # a running job whose progress has not moved for this long has died


def _inline_bytes() -> int:
    return int(getattr(settings, "XIEZUO_IMPORT_INLINE_BYTES", 512 * 1024))


def _mode() -> str:
    return str(
        getattr(settings, "XIEZUO_IMPORT_JOBS", os.environ.get("XIEZUO_IMPORT_JOBS", "thread"))
    )


def job_create(
    *, user: Any, upload: UploadedFile, fmt: str, options: ImportOptions, language: str
) -> ImportJob:
    job = ImportJob(
        user=user,
        name=(upload.name or "")[:255],
        format=fmt,
        options=options.as_dict(),
        language=language,
        size=upload.size or 0,
    )
    job.file.save(Path(upload.name or "upload").name, upload, save=False)
    job.save()
    return job


def job_start(job: ImportJob) -> None:
    """Run the job now (small files), in a thread, or leave it to `xiezuo imports run`."""
    if job.size <= _inline_bytes():
        job_run(job)
    elif _mode() == "thread":
        transaction.on_commit(lambda: _thread(job.pk))


def _thread(pk: int) -> None:
    def work() -> None:
        try:
            job = ImportJob.objects.get(pk=pk)
            job_run(job)
        except Exception:  # logged; the job is marked failed by job_run where it can be
            log.exception("import job %s failed", pk)
        finally:
            connection.close()

    threading.Thread(target=work, name=f"xiezuo-import-{pk}").start()


def _progress_path(job: ImportJob) -> Path:
    return Path(job.file.path + ".progress")


@dataclass(frozen=True)
class Progress:
    values: int
    done: int  # bytes read
    total: int
    at: datetime | None = None  # when it was written

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(99, int(self.done * 100 / self.total))


def job_progress(job: ImportJob) -> Progress:
    path = _progress_path(job)
    try:
        data = json.loads(path.read_text())
        at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    except (OSError, ValueError):
        return Progress(0, 0, job.size)
    return Progress(int(data.get("values", 0)), int(data.get("bytes", 0)), job.size, at)


def _process_started(pid: int) -> str | None:
    """When process `pid` started (clock ticks since boot), "" where /proc is not there;
    None if there is no such live process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return ""
    fields = stat.rsplit(")", 1)[1].split()
    if fields[0] in ("Z", "X"):  # killed, not yet reaped
        return None
    return fields[19]


def _runner() -> dict[str, Any]:
    return {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "started": _process_started(os.getpid()) or "",
    }


def _runner_gone(job: ImportJob) -> bool:
    """Whether the job's progress file names a process of this host that is no longer there."""
    try:
        data = json.loads(_progress_path(job).read_text())
    except (OSError, ValueError):
        return False
    if data.get("host") != socket.gethostname() or not data.get("pid"):
        return False  # another machine's: only the stale check in jobs_run_pending
    started = _process_started(int(data["pid"]))
    return started is None or bool(started and data.get("started") and started != data["started"])


def runner_gone_message() -> str:
    return _(
        "The import stopped: the server process running it ended (it was restarted or "
        "stopped). None of its values was saved; upload the file again."
    )


def job_check(job: ImportJob) -> ImportJob:
    """The job, marked failed (with a message) if it was running in a process now gone."""
    if job.state != ImportJob.State.RUNNING or not _runner_gone(job):
        return job
    with translation.override(job.language):
        failed = ImportSummary(ImportOptions.from_dict(job.options), error=runner_gone_message())
    now = timezone.now()
    marked = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.RUNNING).update(
        state=ImportJob.State.FAILED, summary=failed.as_dict(), finished_at=now
    )
    if marked:
        log.warning("import job %s: its process is gone, marked failed", job.pk)
        _progress_path(job).unlink(missing_ok=True)
    job.refresh_from_db()
    return job


def _claim(job: ImportJob) -> bool:
    """Mark a waiting job as running; False if another process took it first."""
    now = timezone.now()
    taken = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.PENDING).update(
        state=ImportJob.State.RUNNING, started_at=now
    )
    if taken:
        job.state, job.started_at = ImportJob.State.RUNNING, now
    return bool(taken)


def job_run(job: ImportJob) -> ImportJob:
    """Import the job's file (if it is still waiting) and keep its summary."""
    if not _claim(job):
        return job
    progress_path = _progress_path(job)
    last = [0.0]
    runner = _runner()

    def write(values: int, position: int) -> None:
        temporary = progress_path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"values": values, "bytes": position, **runner}))
        os.replace(temporary, progress_path)

    def progress(values: int, position: int) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5:
            return
        last[0] = now
        write(values, position)

    write(0, 0)  # who runs it, from the start

    options = ImportOptions.from_dict(job.options)
    with translation.override(job.language):
        try:
            with job.file.open("rb") as source:
                summary = values_import(
                    source=source,
                    fmt=job.format,
                    actor=job.user,
                    options=options,
                    progress=progress,
                )
            result = summary.as_dict()
            state = ImportJob.State.DONE
        except Exception as exc:  # the job must end, whatever happened
            log.exception("import job %s failed", job.pk)
            failed = ImportSummary(options, error=_("The import failed: %s") % exc)
            result, state = failed.as_dict(), ImportJob.State.FAILED
    job.summary, job.state, job.finished_at = result, state, timezone.now()
    job.save(update_fields=["summary", "state", "finished_at"])
    progress_path.unlink(missing_ok=True)
    return job


def jobs_run_pending(*, stale_seconds: int = STALE_SECONDS) -> int:
    """Run every waiting job, oldest first (and re-run those whose runner died); how many ran."""
    limit = time.time() - stale_seconds
    for job in ImportJob.objects.filter(state=ImportJob.State.RUNNING):
        if job_check(job).state != ImportJob.State.RUNNING:
            continue  # its process is gone: failed, with a message
        path = _progress_path(job)
        moved = (
            path.stat().st_mtime
            if path.exists()
            else (job.started_at or job.created_at).timestamp()
        )
        if moved < limit:
            ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.RUNNING).update(
                state=ImportJob.State.PENDING
            )
    ran = 0
    for job in ImportJob.objects.filter(state=ImportJob.State.PENDING).order_by("created_at", "id"):
        job_run(job)
        ran += 1
    return ran


def job_list(user: Any, limit: int = 20) -> Capped[ImportJob]:
    """The latest imports the user may see: their own (an administrator's: everyone's)."""
    mine = policy.scope_filter(user, "import.view", field="user")
    listed = capped(ImportJob.objects.select_related("user").filter(mine), limit)
    for job in listed.items:
        job_check(job)
    return listed


def job_readable(*, uid: str, user: Any) -> ImportJob | None:
    """The job with this DHIS2 id, if the user posted it or administers; else None.

    Someone else's job is not told apart from one that does not exist.
    """
    job = ImportJob.objects.select_related("user").filter(uid=uid).first()
    if job is None or not policy.can(user, "import.view", job.user):
        return None
    return job_check(job)
