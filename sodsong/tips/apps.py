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

        def attachment_check(user, owner_uuid: str) -> bool:
            return selectors.tip_queryset(user=user).filter(uuid=owner_uuid).exists()

        register_owner_access(Tip, attachment_check)
        from sodsong.audit.services import register_identity, register_subject

        register_identity(selectors.IDENTITY_KIND, selectors.reporter_identity_visible)
        register_subject("tips.tip", selectors.audit_subject)
        register_source(SourceType.TIP, selectors.visible_refs, areas=selectors.source_areas)
        register_source(SourceType.REPORT, selectors.visible_refs, areas=selectors.source_areas)
