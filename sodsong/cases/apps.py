from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sodsong.cases"
    label = "cases"

    def ready(self) -> None:
        from sodsong.cases.models import Case
        from sodsong.cases.selectors import (
            case_readable_by,
            people_visible_via_cases,
            source_areas,
            visible_refs,
        )
        from sodsong.core.attachments import register_owner_access
        from sodsong.entities.models import SourceType
        from sodsong.entities.selectors import register_source
        from sodsong.people.selectors import register_visibility

        register_owner_access(Case, case_readable_by)
        # Agency officers see the people on the cases they work (need-to-know respected).
        register_visibility(people_visible_via_cases)
        # "Also in case X" on tips and other cases that share an identifier with this one.
        register_source(SourceType.CASE, visible_refs, areas=source_areas)

        from sodsong.cases import audit_rules

        audit_rules.register()
