from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sodsong.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from sodsong.core import checks, history  # noqa: F401  (deploy checks, history receivers)
