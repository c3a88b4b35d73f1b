from django.apps import AppConfig


class AwarenessConfig(AppConfig):
    name = "sodsong.awareness"
    label = "awareness"
    verbose_name = "Awareness"

    def ready(self) -> None:
        from sodsong.awareness.models import Activity
        from sodsong.core.attachments import register_owner_access

        def can_read(user, uuid: str) -> bool:
            from sodsong.awareness.selectors import activity_queryset

            return activity_queryset(user=user).filter(uuid=uuid).exists()

        register_owner_access(Activity, can_read)
