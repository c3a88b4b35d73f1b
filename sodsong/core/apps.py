from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sodsong.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from sodsong.core import history  # noqa: F401  (connects the history receivers)
