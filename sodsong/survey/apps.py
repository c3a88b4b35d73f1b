from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "sodsong.survey"
    label = "survey"

    def ready(self) -> None:
        from sodsong.core.attachments import register_owner_access
        from sodsong.survey.models import Visit

        def visit_photo_readable(user, owner_uuid: str) -> bool:
            from sodsong.survey.selectors import visit_queryset

            return visit_queryset(user=user).filter(uuid=owner_uuid).exists()

        register_owner_access(Visit, visit_photo_readable)

        from sodsong.jobs.services import job_abandoned

        job_abandoned.connect(_imports_of_dead_jobs, dispatch_uid="survey-imports-of-dead-jobs")


def _imports_of_dead_jobs(sender, run_ids: list[int], **kwargs) -> None:
    """An import whose job died with its worker shows failed, with the job's Thai reason, and
    its page offers to start it again from the stored upload."""
    from sodsong.jobs.models import JobRun
    from sodsong.survey.models import ImportJob

    for run in JobRun.objects.filter(pk__in=run_ids).only("pk", "message"):
        ImportJob.objects.filter(
            job_run_id=run.pk,
            status__in=(ImportJob.Status.VALIDATING, ImportJob.Status.COMMITTING),
        ).update(status=ImportJob.Status.FAILED, failure=run.message[:300])
