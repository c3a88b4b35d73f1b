from django.apps import AppConfig


class MisconductConfig(AppConfig):
    name = "sodsong.misconduct"
    label = "misconduct"

    def ready(self) -> None:
        from sodsong.misconduct.selectors import accused_compartment
        from sodsong.people.selectors import register_compartment

        register_compartment(accused_compartment)

        from sodsong.misconduct import audit_rules

        audit_rules.register()
