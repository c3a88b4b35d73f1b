from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sodsong.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib import admin

        from sodsong.accounts import checks  # noqa: F401
        from sodsong.accounts.views import admin_login

        # Django admin signs in through the app's login (lockout, TOTP, session epoch) only.
        admin.site.login = admin_login  # type: ignore[method-assign]
