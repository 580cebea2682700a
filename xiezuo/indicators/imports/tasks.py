"""DHIS2's shapes for an import run as a job: POST /api/dataValueSets?async=true.

They follow dhis2-core 2.38–2.40. The POST answers `jobConfigurationReport`:
the web message "Initiated dataValueImport" whose `response` is a
`JobConfigurationWebMessageResponse` (name, id, created, jobType, jobStatus,
jobParameters, relativeNotifierEndpoint). The client then polls
`/api/system/tasks/DATAVALUE_IMPORT/<id>` — the job's notifications, newest
first (`uid`, `level`, `category`, `time`, `message`, `completed`) — until one
is `completed`, and reads the ImportSummary at
`/api/system/taskSummaries/DATAVALUE_IMPORT/<id>`.

DHIS2 keeps notifications in memory; here they are derived from the job's
state, times and progress file, so they need no table and survive a restart.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.dates import dhis2_timestamp
from xiezuo.uids import stable_uid

from ..jobs import Progress
from ..models import ImportJob

JOB_TYPE = "DATAVALUE_IMPORT"
JOB_NAME = "dataValueImport"  # DHIS2's name for the job it starts for an async import

_JOB_STATUS = {
    ImportJob.State.PENDING: "SCHEDULED",
    ImportJob.State.RUNNING: "RUNNING",
    ImportJob.State.DONE: "COMPLETED",
    ImportJob.State.FAILED: "FAILED",
}
_LEVEL_OF_STATUS = {"SUCCESS": "INFO", "WARNING": "WARN", "ERROR": "ERROR"}


def notifier_endpoint(job: ImportJob) -> str:
    return f"/api/system/tasks/{JOB_TYPE}/{job.uid}"


def job_reference(job: ImportJob) -> dict[str, Any]:
    """The web message answering the POST: which job runs the import, and where to poll it."""
    return {
        "httpStatus": "OK",
        "httpStatusCode": 200,
        "status": "OK",
        "message": _("Initiated %(name)s") % {"name": JOB_NAME},
        "response": {
            "responseType": "JobConfigurationWebMessageResponse",
            "name": JOB_NAME,
            "id": job.uid,
            "created": dhis2_timestamp(job.created_at),
            "jobType": JOB_TYPE,
            "jobStatus": _JOB_STATUS[ImportJob.State(job.state)],
            "jobParameters": {**job.options, "async": True},
            "relativeNotifierEndpoint": notifier_endpoint(job),
        },
    }


def _notification(
    job: ImportJob, key: str, level: str, moment: datetime, message: str, completed: bool = False
) -> dict[str, Any]:
    uid = stable_uid("importJobNotification", f"{job.uid}:{key}")
    return {
        "uid": uid,
        "id": uid,
        "level": level,
        "category": JOB_TYPE,
        "time": dhis2_timestamp(moment),
        "message": message,
        "completed": completed,
    }


def _ending(job: ImportJob) -> tuple[str, str]:
    """(level, message) of the last notification of a job that has ended."""
    summary = job.summary or {}
    status = str(summary.get("status", "ERROR"))
    if job.state == ImportJob.State.FAILED:
        return "ERROR", str(summary.get("description") or _("The import failed."))
    if status == "SUCCESS":
        return "INFO", _("Import done")
    return _LEVEL_OF_STATUS.get(status, "ERROR"), str(summary.get("description", ""))


def notifications(job: ImportJob, progress: Progress) -> list[dict[str, Any]]:
    """The job's notifications, newest first; the newest is `completed` once the job has ended.

    Each keeps its uid from one poll to the next; a progress notification is
    new whenever the count of values read has moved.
    """
    found = [_notification(job, "queued", "INFO", job.created_at, _("Import waiting to start"))]
    if job.started_at is not None:
        found.append(_notification(job, "started", "INFO", job.started_at, _("Process started")))
    if job.state == ImportJob.State.RUNNING and progress.values:
        message = _("Importing data values: %(values)s read, %(percent)s%% of the file") % {
            "values": progress.values,
            "percent": progress.percent,
        }
        moment = progress.at or timezone.now()
        found.append(_notification(job, f"progress:{progress.values}", "INFO", moment, message))
    if job.state in (ImportJob.State.DONE, ImportJob.State.FAILED):
        level, message = _ending(job)
        moment = job.finished_at or timezone.now()
        found.append(_notification(job, "ended", level, moment, message, completed=True))
    return found[::-1]


def summary(job: ImportJob) -> dict[str, Any] | None:
    """The ImportSummary once the job has ended (as the synchronous POST's `response`)."""
    if job.state in (ImportJob.State.DONE, ImportJob.State.FAILED):
        return job.summary
    return None
