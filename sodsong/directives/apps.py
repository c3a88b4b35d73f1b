from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "sodsong.directives"
    label = "directives"
