from django.apps import AppConfig


class AwarenessConfig(AppConfig):
    name = "sodsong.awareness"
    label = "awareness"
