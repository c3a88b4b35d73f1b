from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "sodsong.directives"
    label = "directives"
    verbose_name = "Directives"

    def ready(self) -> None:
        from sodsong.core.attachments import register_owner_access
        from sodsong.directives.models import Directive, Report

        def directive_readable(user, uuid: str) -> bool:
            from sodsong.directives.selectors import directive_queryset

            return directive_queryset(user=user).filter(uuid=uuid).exists()

        def report_readable(user, uuid: str) -> bool:
            from sodsong.directives.selectors import report_queryset

            return report_queryset(user=user).filter(uuid=uuid).exists()

        register_owner_access(Directive, directive_readable)
        register_owner_access(Report, report_readable)
