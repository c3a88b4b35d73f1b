"""Import uploads hold personal data (names, documents, addresses of whole villages): their files
are kept only as long as an import needs them (#17 L15). The imported rows stay; the spreadsheet
and the file of rejected rows go after SODSONG_IMPORT_RETENTION_DAYS, by the nightly job
(`purge_import_uploads` in survey/tasks.py) or `sodsong purge-import-uploads`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.survey.models import ImportJob

UNFINISHED = (ImportJob.Status.UPLOADED, ImportJob.Status.PREVIEWED)


def import_uploads_purge(*, now: dt.datetime | None = None) -> int:
    """Deletes the files of imports older than the retention period; returns how many imports
    lost their files. An import never committed by then is marked failed: its file is gone."""
    days = int(getattr(settings, "SODSONG_IMPORT_RETENTION_DAYS", 30))
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    old = ImportJob.objects.filter(created_at__lt=cutoff).filter(~Q(file="") | ~Q(rejected_file=""))
    purged = []
    for job in old.iterator():
        for field in (job.file, job.rejected_file):
            if field.name:
                field.storage.delete(field.name)
        status = ImportJob.Status.FAILED if job.status in UNFINISHED else job.status
        ImportJob.objects.filter(pk=job.pk).update(file="", rejected_file="", status=status)
        purged.append(job.uuid)
    if purged:
        log_action(
            action=AuditEvent.Action.PURGE,
            object_type="survey.importjob",
            object_ids=purged,
            detail={"files_purged": True, "retention_days": days},
        )
    return len(purged)
