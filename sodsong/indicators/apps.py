from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "sodsong.indicators"
    label = "indicators"
