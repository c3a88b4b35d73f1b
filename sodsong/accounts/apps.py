from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sodsong.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from sodsong.accounts import checks  # noqa: F401
