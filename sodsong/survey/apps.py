from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "sodsong.survey"
    label = "survey"

    def ready(self) -> None:
        from sodsong.core.attachments import register_owner_access
        from sodsong.survey.models import Visit

        def visit_photo_readable(user, owner_uuid: str) -> bool:  # type: ignore[no-untyped-def]
            from sodsong.survey.selectors import visit_queryset

            return visit_queryset(user=user).filter(uuid=owner_uuid).exists()

        register_owner_access(Visit, visit_photo_readable)
