from django.apps import AppConfig


class MisconductConfig(AppConfig):
    name = "sodsong.misconduct"
    label = "misconduct"
