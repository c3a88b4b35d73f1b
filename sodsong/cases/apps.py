from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sodsong.cases"
    label = "cases"
