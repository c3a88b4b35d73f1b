from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sodsong.web"
    label = "web"
    verbose_name = "Web pages"

    def ready(self) -> None:
        # Django's own Thai for a required field reads "ฟิลด์นี้จำเป็น"; the project's catalogue
        # words it as Thai officers write (issue 20). Marked here so the catalogue keeps it.
        from django import forms
        from django.utils.translation import gettext_lazy as _

        forms.Field.default_error_messages["required"] = _("This field is required.")
