from django.apps import AppConfig


class TipsConfig(AppConfig):
    name = "sodsong.tips"
    label = "tips"

    def ready(self) -> None:
        from sodsong.core.attachments import register_owner_access
        from sodsong.entities.models import SourceType
        from sodsong.entities.selectors import register_source
        from sodsong.tips import selectors
        from sodsong.tips.models import Tip

        def attachment_check(user, owner_uuid: str) -> bool:  # type: ignore[no-untyped-def]
            return selectors.tip_queryset(user=user).filter(uuid=owner_uuid).exists()

        register_owner_access(Tip, attachment_check)
        register_source(SourceType.TIP, selectors.visible_refs, areas=selectors.source_areas)
        register_source(SourceType.REPORT, selectors.visible_refs, areas=selectors.source_areas)
