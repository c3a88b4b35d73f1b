"""Issue #17 L15: survey import uploads (personal data) lose their files after the retention
period, by the nightly job or the management command; the imported rows stay."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from sodsong.audit.models import AuditEvent
from sodsong.core.context import SYSTEM, acting_as
from sodsong.survey.models import ImportJob


def _job(personas, *, days_old: int, status=ImportJob.Status.COMMITTED) -> ImportJob:  # type: ignore[no-untyped-def]
    with acting_as(SYSTEM):
        job = ImportJob(
            uploaded_by=personas.headman, area_code="47", original_name="village.csv", status=status
        )
        job.file.save("village.csv", ContentFile("ชื่อ,เลขหนังสือเดินทาง\n".encode()), save=False)
        job.rejected_file.save("rejected.csv", ContentFile(b"x"), save=False)
        job.save()
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days_old)
    )
    job.refresh_from_db()
    return job


def test_old_import_files_are_purged_and_recent_ones_kept(personas, settings) -> None:
    settings.SODSONG_IMPORT_RETENTION_DAYS = 30
    old = _job(personas, days_old=31)
    stale = _job(personas, days_old=40, status=ImportJob.Status.PREVIEWED)
    recent = _job(personas, days_old=5)
    old_names = [old.file.name, old.rejected_file.name]
    storage = old.file.storage
    assert all(storage.exists(name) for name in old_names)

    out = io.StringIO()
    call_command("purge-import-uploads", stdout=out)
    assert out.getvalue().startswith("2 ")

    old.refresh_from_db()
    stale.refresh_from_db()
    recent.refresh_from_db()
    assert not old.file and not old.rejected_file
    assert not any(storage.exists(name) for name in old_names)
    assert old.status == ImportJob.Status.COMMITTED  # what was imported stays imported
    assert stale.status == ImportJob.Status.FAILED  # never committed, and its file is gone
    assert recent.file and storage.exists(recent.file.name)
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PURGE, object_type="survey.importjob"
    ).exists()


def test_the_nightly_job_purges_too(personas, settings) -> None:
    from sodsong.survey.tasks import purge_import_uploads

    settings.SODSONG_IMPORT_RETENTION_DAYS = 7
    job = _job(personas, days_old=8)
    purge_import_uploads.call_local()
    job.refresh_from_db()
    assert not job.file


def test_the_tracking_code_comment_states_the_real_entropy() -> None:
    import inspect
    import math

    from sodsong.tips.services import common as services

    assert len(services.CODE_ALPHABET) == 31
    bits = services.CODE_LENGTH * math.log2(len(services.CODE_ALPHABET))
    assert 49.5 <= bits < 49.6
    assert "31 symbols" in inspect.getsource(services) and "49.5 bits" in inspect.getsource(
        services
    )
