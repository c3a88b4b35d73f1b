from django.apps import AppConfig


class TipsConfig(AppConfig):
    name = "sodsong.tips"
    label = "tips"
