from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sodsong.cases"
    label = "cases"

    def ready(self) -> None:
        from sodsong.cases.models import Case
        from sodsong.cases.selectors import case_readable_by
        from sodsong.core.attachments import register_owner_access

        register_owner_access(Case, case_readable_by)
